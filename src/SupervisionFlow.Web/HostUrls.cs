namespace SupervisionFlow.Web;

/// <summary>
/// The address the host listens on when the operator names none. It is applied in code rather than as <c>Urls</c> in
/// appsettings.json, because a key there outranks <c>ASPNETCORE_URLS</c> and the standard ways would stop working.
/// </summary>
public static class HostUrls
{
    /// <summary>ASP.NET Core's own default is port 5000; the product documents 5080.</summary>
    public const string Default = "http://localhost:5080";

    /// <summary>
    /// True when no setting names an address: <c>--urls</c>, <c>ASPNETCORE_URLS</c>/<c>DOTNET_URLS</c> or <c>Urls</c>
    /// (all read as <c>urls</c>), <c>ASPNETCORE_HTTP_PORTS</c>/<c>HTTPS_PORTS</c>, or Kestrel endpoints.
    /// </summary>
    public static bool NoneConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.IsNullOrEmpty(configuration["urls"])
               && string.IsNullOrEmpty(configuration["http_ports"])
               && string.IsNullOrEmpty(configuration["https_ports"])
               && !configuration.GetSection("Kestrel:Endpoints").Exists();
    }

    public static WebApplicationBuilder UseDefaultUrlWhenNoneConfigured(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (NoneConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls(Default);
        }
        return builder;
    }
}
