using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Model;
using SupervisionFlow.Engine.Parsing;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Tasks;

namespace SupervisionFlow.Engine.Execution;

/// <summary>What every engine service shares: the database, clock, handlers, expression evaluator and parsed definitions.</summary>
internal sealed class EngineRuntime(
    Func<DbContext> createDbContext,
    TimeProvider clock,
    ServiceTaskHandlers handlers,
    ExpressionFunctions functions,
    EngineOptions options,
    ILogger logger)
{
    // Definitions never change once deployed, so their parsed models are cached for the life of the engine.
    private readonly ConcurrentDictionary<string, ProcessModel> _models = new(StringComparer.Ordinal);

    public TimeProvider Clock => clock;

    public ServiceTaskHandlers Handlers => handlers;

    public ExpressionFunctions Functions => functions;

    public EngineOptions Options => options;

    public ILogger Logger => logger;

    public ExpressionEvaluator Evaluator { get; } = new(functions, options.ExpressionLimits);

    /// <summary>Contexts for commands that run alone (kept open with prepared writes on SQLite).</summary>
    public CommandSessions Sessions { get; } = new(createDbContext, options.KeptCommandConnections);

    public DbContext CreateDbContext() => createDbContext();

    public ProcessModel Model(ProcessDefinitionRecord definition) =>
        _models.GetOrAdd(definition.Id, _ =>
        {
            var parsed = BpmnParser.Parse(definition.Xml, handlers, DeploymentLimits.None, checkHandlers: false);
            return parsed.Processes.FirstOrDefault(p => p.Key == definition.Key)
                   ?? throw new InvalidOperationException($"Definition {definition.Id} no longer parses: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        });

    public ProcessModel Model(DbContext db, string definitionId)
    {
        if (_models.TryGetValue(definitionId, out var model))
        {
            return model;
        }
        var definition = db.Set<ProcessDefinitionRecord>().AsNoTracking().FirstOrDefault(d => d.Id == definitionId)
                         ?? throw new EngineNotFoundException($"Process definition '{definitionId}' does not exist.", EngineErrorCodes.DefinitionNotFound);
        return Model(definition);
    }
}
