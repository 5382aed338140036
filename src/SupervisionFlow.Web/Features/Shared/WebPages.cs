using System.Text.Encodings.Web;
using System.Text.Unicode;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Shared;

/// <summary>
/// The server-rendered UI: Razor Pages under <c>Features/</c> (vertical slices, <c>Features/&lt;Area&gt;/*.cshtml</c>),
/// static files from <c>wwwroot/</c>, security headers, Chinese status pages, HTTPS outside Development/Testing.
/// </summary>
public static class WebPages
{
    public static WebApplicationBuilder AddWebPages(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Under "dotnet run" the content root is the repository root (see the csproj), so wwwroot/ is found through
        // the build's static web assets manifest; a published host has its own wwwroot/ and no manifest (no-op).
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorPages(options =>
        {
            options.RootDirectory = "/Features";
            // Every page needs a signed-in user unless it says [AllowAnonymous]: forgetting [Authorize] fails closed.
            options.Conventions.AuthorizeFolder("/", Policies.SignedIn);
        });
        // Razor writes Chinese as text, not as &#x...; entities (the default encoder only passes Basic Latin).
        builder.Services.AddSingleton(Html);
        builder.Services.AddMemoryCache();
        builder.Services.AddScoped<Inbox.InboxQuery>();
        builder.Services.AddSingleton<Inbox.InboxDirectory>();
        builder.Services.AddOptions<ListOptions>().BindConfiguration(ListOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddRequestLimits();
        builder.Services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        return builder;
    }

    /// <summary>Before authentication: headers, HTTPS, static files, status and error pages for the UI.</summary>
    public static WebApplication UseWebPages(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!app.Environment.IsDevelopment() && !app.Environment.IsEnvironment("Testing"))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        // Pages get Chinese HTML status pages; /api keeps its problem+json (UseEngineApiErrors).
        app.UseWhen(context => !IsApi(context), branch =>
        {
            if (!app.Environment.IsDevelopment())
            {
                branch.UseExceptionHandler("/Status/500");
            }
            branch.UseStatusCodePagesWithReExecute("/Status/{0}");
        });
        app.UseStaticFiles();
        // Routing after the status-code pages, so a re-executed /Status/{code} request is routed to its page.
        app.UseRouting();
        app.UseRequestLimits();
        return app;
    }

    /// <summary>The HTML encoder of the pages: escapes markup characters, leaves Chinese readable.</summary>
    public static HtmlEncoder Html { get; } = HtmlEncoder.Create(UnicodeRanges.All);

    public static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || context.Request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase);
}
