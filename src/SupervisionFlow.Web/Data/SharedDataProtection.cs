using Microsoft.AspNetCore.DataProtection;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// The data-protection key ring (which encrypts sign-in cookies and antiforgery tokens) lives in the database, under
/// one application name, so every node behind a load balancer reads the cookies the others issued. Kept in a folder
/// of its own per machine, as the default does, a user would be signed out whenever the balancer switched nodes.
/// </summary>
public static class SharedDataProtection
{
    public const string ApplicationName = "SupervisionFlow";

    public static IHostApplicationBuilder AddSharedDataProtection(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddDataProtection()
            .PersistKeysToDbContext<AppDbContext>()
            .SetApplicationName(ApplicationName);
        return builder;
    }
}
