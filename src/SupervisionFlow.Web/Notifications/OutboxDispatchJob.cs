using Microsoft.Extensions.Options;
using Quartz;

namespace SupervisionFlow.Web.Notifications;

/// <summary>Runs <see cref="OutboxDispatcher"/> every <c>Notifications:Dispatch:IntervalSeconds</c>.</summary>
[DisallowConcurrentExecution]
public sealed class OutboxDispatchJob(OutboxDispatcher dispatcher, IOptions<NotificationsOptions> options, ILogger<OutboxDispatchJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (!options.Value.Dispatch.Enabled)
        {
            return;
        }
        try
        {
            var sent = await dispatcher.DispatchDueAsync(cancellationToken).ConfigureAwait(false);
            if (sent > 0)
            {
                logger.LogInformation("Outbox: sent {Count} message(s)", sent);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // E.g. the database briefly unavailable: the next run picks the rows up again.
            logger.LogError(ex, "Outbox dispatch failed");
        }
    }
}
