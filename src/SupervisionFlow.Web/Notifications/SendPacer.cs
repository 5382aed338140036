namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// Spaces sends to at most <c>perSecond</c> (0: no limit) on a schedule counted from the first send, so the time a
/// send itself takes is not added on top of the spacing. After a stall (a slow server, a reconnect) the schedule
/// restarts instead of catching up in a burst the relay would refuse.
/// </summary>
internal sealed class SendPacer(double perSecond, TimeProvider time)
{
    private long _start;
    private long _sent;

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        if (perSecond <= 0)
        {
            return;
        }
        if (_sent > 0)
        {
            var due = TimeSpan.FromSeconds(_sent / perSecond);
            var elapsed = time.GetElapsedTime(_start);
            if (elapsed > due + TimeSpan.FromSeconds(1))
            {
                _sent = 0;
            }
            else if (due > elapsed)
            {
                await Task.Delay(due - elapsed, time, cancellationToken).ConfigureAwait(false);
            }
        }
        if (_sent == 0)
        {
            _start = time.GetTimestamp();
        }
        _sent++;
    }
}
