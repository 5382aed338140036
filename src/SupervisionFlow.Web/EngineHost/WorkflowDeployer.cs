using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;

namespace SupervisionFlow.Web.EngineHost;

/// <summary>
/// Deploys every <c>*.bpmn</c> in <c>Engine:WorkflowsPath</c> at start-up. Unchanged files create no new version
/// (the engine compares hashes); a file the engine rejects is logged with every problem and skipped, so one bad
/// file does not keep the others, or the host, from running.
/// </summary>
public sealed class WorkflowDeployer(
    ProcessEngine engine, IOptions<EngineHostOptions> options, IHostEnvironment environment, ILogger<WorkflowDeployer> logger)
{
    public async Task DeployAllAsync(CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(options.Value.WorkflowsPath, environment.ContentRootPath);
        if (!Directory.Exists(folder))
        {
            logger.LogInformation("No workflows folder at {Folder}; nothing deployed at start-up", folder);
            return;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.bpmn").Order(StringComparer.Ordinal))
        {
            var xml = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            try
            {
                var result = await engine.DeployAsync(xml, cancellationToken).ConfigureAwait(false);
                logger.LogInformation(
                    "{File}: {Outcome} {Definitions}", Path.GetFileName(file), result.Created ? "deployed" : "unchanged",
                    string.Join(", ", result.Definitions.Select(d => d.Id)));
            }
            catch (DeploymentException ex)
            {
                logger.LogError(
                    "{File} was not deployed, {Count} problem(s):{NewLine}{Errors}", Path.GetFileName(file), ex.Errors.Count,
                    Environment.NewLine,
                    string.Join(Environment.NewLine, ex.Errors.Select(e => $"  [{e.Code}] {e.ElementId} (line {e.Line}): {e.Message}")));
            }
        }
    }
}
