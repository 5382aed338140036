using Microsoft.Extensions.FileProviders;

namespace SupervisionFlow.Web.Features.Designer;

/// <summary>
/// Serves the npm browser libraries at <c>/lib/…</c> (e.g. <c>/lib/bpmn-js/dist/bpmn-modeler.production.min.js</c>).
/// The build copies only the needed dist files from node_modules to <c>wwwlib/</c> beside the assembly
/// (BrowserLibraries.targets), so the host, its tests and a published copy serve the same files without the source
/// tree, and nothing else under node_modules is reachable.
/// </summary>
public static class BrowserLibraries
{
    public const string RequestPath = "/lib";

    public static string Root => Path.Combine(AppContext.BaseDirectory, "wwwlib");

    public static IApplicationBuilder UseBrowserLibraries(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (!Directory.Exists(Root))
        {
            // Built with -p:SkipNpm=true: the pages still work, the diagrams stay empty.
            app.Logger.LogWarning("Browser libraries not found at {Root}; the designer and process diagrams are unavailable", Root);
            return app;
        }
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Root),
            RequestPath = RequestPath,
            // Versions are pinned by package-lock.json; a day of caching keeps the 3 MB modeler off the wire.
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public,max-age=86400",
        });
    }
}
