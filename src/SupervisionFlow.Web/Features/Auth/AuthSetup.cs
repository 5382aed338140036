using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using SupervisionFlow.Web.Data;

namespace SupervisionFlow.Web.Features.Auth;

/// <summary>
/// Cookie sign-in with ASP.NET Core Identity on <see cref="AppDbContext"/>. The Identity cookie is the default scheme;
/// the engine API keeps its own <c>X-Api-Key</c> scheme for <c>/api/engine</c>.
/// </summary>
public static class AuthSetup
{
    public const string LoginPath = "/Auth/Login";
    public const string LogoutPath = "/Auth/Logout";
    public const string AccessDeniedPath = "/Auth/AccessDenied";

    /// <summary>
    /// How often a signed-in cookie is checked against the user's security stamp (Identity's default is 30 minutes).
    /// When an administrator changes a user's role, unit, password or locks the account, the stamp changes, and the
    /// user's open session ends at the next check (signing in again gives the new rights); one user lookup per minute
    /// and session is cheap.
    /// </summary>
    public static readonly TimeSpan SecurityStampInterval = TimeSpan.FromMinutes(1);

    public static IHostApplicationBuilder AddWebAuth(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddHttpContextAccessor();
        services.AddOptions<SignInLockoutOptions>().BindConfiguration(SignInLockoutOptions.Section)
            .Validate(o => o.MaxFailedAttempts > 0 && o.Duration > TimeSpan.Zero && o.Duration <= AccountLock.LongestPasswordLock,
                "Auth:Lockout:MaxFailedAttempts must be positive and Auth:Lockout:Duration between a second and 365 days.")
            .ValidateOnStart();
        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section)
            .Validate(o => o.MaxFailuresPerAddress > 0 && o.Window > TimeSpan.Zero && o.MaxTrackedAddresses > 0,
                "Auth:Throttle:MaxFailuresPerAddress, Window and MaxTrackedAddresses must be positive.")
            .ValidateOnStart();
        // Real time, as for the account lockout (the engine's TimeProvider may be a manual clock).
        services.AddSingleton(sp => new SignInThrottle(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SignInThrottleOptions>>(), TimeProvider.System,
            sp.GetRequiredService<ILogger<SignInThrottle>>()));
        services.AddOptions<IdentityOptions>().Configure<Microsoft.Extensions.Options.IOptions<SignInLockoutOptions>>((options, lockout) =>
        {
            options.Lockout.MaxFailedAccessAttempts = lockout.Value.MaxFailedAttempts;
            options.Lockout.DefaultLockoutTimeSpan = lockout.Value.Duration;
        });
        services.AddScoped<CurrentActor>();
        services.AddIdentity<AppUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 10;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.User.RequireUniqueEmail = false;
                options.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddClaimsPrincipalFactory<AppUserClaimsPrincipalFactory>();
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "sf.auth";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.LoginPath = LoginPath;
            options.LogoutPath = LogoutPath;
            options.AccessDeniedPath = AccessDeniedPath;
            options.ExpireTimeSpan = TimeSpan.FromHours(8);
            options.SlidingExpiration = true;
            // Sessions expire in real time even when the engine runs on a manual (demo/test) clock.
            options.TimeProvider = TimeProvider.System;
            options.Events.OnRedirectToLogin = context => ApiAwareRedirect(context, StatusCodes.Status401Unauthorized);
            options.Events.OnRedirectToAccessDenied = context => ApiAwareRedirect(context, StatusCodes.Status403Forbidden);
        });
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.TimeProvider = TimeProvider.System;
            o.ValidationInterval = SecurityStampInterval;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.SignedIn, p => p.RequireAuthenticatedUser())
            .AddPolicy(Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Policies.Office, p => p.RequireRole(Roles.Office, Roles.Admin))
            .AddPolicy(Policies.OfficeOrLeader, p => p.RequireRole(Roles.Office, Roles.Admin, Roles.Leader))
            .AddPolicy(Policies.Deputy, p => p.RequireRole(Roles.Deputy));
        builder.Services.AddOptions<DemoUsersOptions>().BindConfiguration(DemoUsersOptions.Section);
        return builder;
    }

    /// <summary>An API caller gets a status code, not a redirect to an HTML page.</summary>
    private static Task ApiAwareRedirect(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Creates the roles, an administrator when there is none (random password, logged once), and the demo users when
    /// <c>DemoData:Enabled</c>. In <c>Program.cs</c> after the database is migrated and the demo data seeded.
    /// </summary>
    public static async Task InitializeAuthAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        using var scope = app.Services.CreateScope();
        var seeder = ActivatorUtilities.CreateInstance<DemoUsers>(scope.ServiceProvider);
        await seeder.EnsureRolesAsync().ConfigureAwait(false);
        var demo = app.Configuration.GetValue("DemoData:Enabled", true);
        if (demo)
        {
            await seeder.SeedAsync(cancellationToken).ConfigureAwait(false);
        }
        await seeder.EnsureAdminAsync().ConfigureAwait(false);
    }
}
