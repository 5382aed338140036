namespace SupervisionFlow.Engine.Timers;

/// <summary>
/// A clock that only moves when told to: for demonstrations and tests of deadlines (<c>Engine:Clock:Mode=Manual</c>).
/// Timers never fire ahead of it.
/// </summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Set(DateTimeOffset now) => Interlocked.Exchange(ref _utcTicks, now.UtcTicks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);

    public void Advance(IsoDuration by) => Set(by.AddTo(GetUtcNow()));
}
