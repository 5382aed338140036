using System.Net.Http.Json;

namespace SupervisionFlow.Trials;

/// <summary>
/// The trial's time. Each host's manual clock lives in its memory (a restarted host starts again at
/// <c>Engine:Clock:Start</c>), so the driver owns the time and sets it on every live node.
/// </summary>
public sealed class TrialClock(DateTimeOffset start, Func<IReadOnlyList<HttpClient>> liveNodes)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public DateTimeOffset Now { get; private set; } = start;

    public async Task AdvanceAsync(TimeSpan by)
    {
        await _gate.WaitAsync();
        try
        {
            Now += by;
            foreach (var node in liveNodes())
            {
                await SetOnAsync(node);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Brings a (re)started node to the trial's time.</summary>
    public async Task SetOnAsync(HttpClient node)
    {
        try
        {
            using var response = await node.PostAsJsonAsync(new Uri("/api/engine/clock", UriKind.Relative), new { now = Now });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // a node that just died; it is set again when it comes back
        }
    }
}
