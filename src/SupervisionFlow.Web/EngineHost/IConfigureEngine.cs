using SupervisionFlow.Engine.Expressions;
using SupervisionFlow.Engine.Tasks;

namespace SupervisionFlow.Web.EngineHost;

/// <summary>
/// A feature's contribution to the engine: service-task handlers and expression functions. Every registered
/// <see cref="IConfigureEngine"/> runs once, before the engine is built and before any workflow is deployed
/// (deployment rejects a <c>delegateExpression</c> naming an unknown handler).
/// </summary>
public interface IConfigureEngine
{
    void Configure(ServiceTaskHandlers handlers, ExpressionFunctions functions);
}

public static class ConfigureEngineExtensions
{
    /// <summary>Adds a contribution written as a lambda; the service provider lets handlers reach scoped services.</summary>
    public static IServiceCollection ConfigureEngine(
        this IServiceCollection services, Action<IServiceProvider, ServiceTaskHandlers, ExpressionFunctions> configure) =>
        services.AddSingleton<IConfigureEngine>(provider => new DelegateConfigureEngine(provider, configure));

    private sealed class DelegateConfigureEngine(
        IServiceProvider provider, Action<IServiceProvider, ServiceTaskHandlers, ExpressionFunctions> configure) : IConfigureEngine
    {
        public void Configure(ServiceTaskHandlers handlers, ExpressionFunctions functions) => configure(provider, handlers, functions);
    }
}
