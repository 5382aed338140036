using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Parsing;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Queries;

namespace SupervisionFlow.Engine.Execution;

/// <summary>Validates and stores BPMN files; an unchanged file creates no new version.</summary>
internal sealed class DeploymentService(EngineRuntime runtime)
{
    public IReadOnlyList<DeploymentError> Validate(string xml, CancellationToken cancellationToken = default) =>
        BpmnParser.Parse(xml, runtime.Handlers, runtime.Options.DeploymentLimits, cancellationToken: cancellationToken).Errors;

    public async Task<DeploymentResult> DeployAsync(string xml, CancellationToken cancellationToken)
    {
        var parsed = BpmnParser.Parse(xml, runtime.Handlers, runtime.Options.DeploymentLimits, cancellationToken: cancellationToken);
        if (parsed.Errors.Count > 0)
        {
            throw new DeploymentException(parsed.Errors);
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(xml)));
        using var db = runtime.CreateDbContext();
        var now = runtime.Clock.GetUtcNow().UtcDateTime;
        var created = false;
        var views = new List<DefinitionView>();
        foreach (var process in parsed.Processes)
        {
            var latest = await db.Set<ProcessDefinitionRecord>().AsNoTracking()
                .Where(d => d.Key == process.Key)
                .OrderByDescending(d => d.Version)
                .FirstOrDefaultAsync(cancellationToken);
            if (latest is not null && latest.XmlHash == hash)
            {
                views.Add(EngineReader.View(latest));
                continue;
            }
            var version = (latest?.Version ?? 0) + 1;
            var record = new ProcessDefinitionRecord
            {
                Id = $"{process.Key}:{version}",
                Key = process.Key,
                Version = version,
                Name = process.Name,
                Xml = xml,
                XmlHash = hash,
                DeployedAt = now,
            };
            db.Add(record);
            views.Add(EngineReader.View(record));
            created = true;
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            throw new EngineConflictException("Another deployment of the same process ran at the same time; deploy again.", e, EngineErrorCodes.DeploymentRace);
        }
        return new DeploymentResult(created, views);
    }
}
