using Microsoft.Extensions.Options;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Runs <see cref="OutboxDispatcher"/> every <c>Notifications:Dispatch:IntervalSeconds</c> on every node's Hangfire
/// server; the dispatcher claims each row by a conditional update, so nodes never send the same message.
/// </summary>
public sealed class OutboxDispatchProcess(
    IServiceScopeFactory scopes, IOptionsMonitor<NotificationsOptions> options, ILogger<OutboxDispatchProcess> logger)
    : PeriodicProcess(logger)
{
    private readonly ILogger<OutboxDispatchProcess> _logger = logger;

    protected override TimeSpan Interval => TimeSpan.FromSeconds(options.CurrentValue.Dispatch.IntervalSeconds);

    protected override bool Enabled => options.CurrentValue.Dispatch.Enabled;

    protected override async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        // A scope per pass, as a request would have: the dispatcher's dependencies may be scoped.
        using var scope = scopes.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DispatchDueAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override void LogPass(int count) => _logger.LogInformation("Outbox: sent {Count} message(s)", count);
}
