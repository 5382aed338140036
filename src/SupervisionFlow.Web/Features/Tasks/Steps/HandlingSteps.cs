using SupervisionFlow.Web.Domain.Handling.Forms;

namespace SupervisionFlow.Web.Features.Tasks.Steps;

/// <summary>Every step of the assembly, by form key. Adding a step is adding its folder: it is found by its type.</summary>
public sealed class HandlingSteps(IEnumerable<IHandlingStep> steps)
{
    private readonly Dictionary<string, IHandlingStep> _byKey = steps.ToDictionary(s => s.FormKey, StringComparer.Ordinal);

    public IReadOnlyCollection<IHandlingStep> All => _byKey.Values;

    public IHandlingStep? Find(string? formKey) => formKey is not null && _byKey.TryGetValue(formKey, out var step) ? step : null;
}

public static class HandlingStepsServiceCollectionExtensions
{
    /// <summary>
    /// Registers each concrete <see cref="IHandlingStep"/> once, as itself, as a step for the task page and as the
    /// <see cref="ITaskForm"/> that <see cref="TaskFormService"/> completes the task with.
    /// </summary>
    public static IServiceCollection AddHandlingSteps(this IServiceCollection services)
    {
        var types = typeof(IHandlingStep).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsClass: true } && t.IsAssignableTo(typeof(IHandlingStep)));
        foreach (var type in types)
        {
            services.AddSingleton(type);
            services.AddSingleton(typeof(IHandlingStep), provider => provider.GetRequiredService(type));
            services.AddSingleton(typeof(ITaskForm), provider => provider.GetRequiredService(type));
        }
        services.AddSingleton<HandlingSteps>();
        return services;
    }
}
