namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// Starts several calls at the same instant, each on a thread of its own released by one <see cref="Barrier"/>,
/// so they really overlap even on a two-core machine (the thread pool would start them one after another).
/// </summary>
internal static class Race
{
    public static async Task<IReadOnlyList<RaceOutcome<T>>> RunAsync<T>(int contenders, Func<int, Task<T>> call)
    {
        using var barrier = new Barrier(contenders);
        var outcomes = Enumerable.Range(0, contenders)
            .Select(_ => new TaskCompletionSource<RaceOutcome<T>>(TaskCreationOptions.RunContinuationsAsynchronously))
            .ToArray();
        for (var i = 0; i < contenders; i++)
        {
            var index = i;
            new Thread(() =>
            {
                barrier.SignalAndWait();
                try
                {
                    outcomes[index].SetResult(new RaceOutcome<T>(index, call(index).GetAwaiter().GetResult(), null));
                }
                catch (Exception e)
                {
                    outcomes[index].SetResult(new RaceOutcome<T>(index, default, e));
                }
            })
            { IsBackground = true, Name = $"race-{index}" }.Start();
        }
        return await Task.WhenAll(outcomes.Select(o => o.Task)).WaitAsync(TimeSpan.FromMinutes(2));
    }

    public static Task<IReadOnlyList<RaceOutcome<bool>>> RunAsync(int contenders, Func<int, Task> call) =>
        RunAsync(contenders, async i =>
        {
            await call(i);
            return true;
        });
}

/// <summary>What one contender got: a result, or the exception it threw.</summary>
internal sealed record RaceOutcome<T>(int Contender, T? Result, Exception? Error)
{
    public bool Succeeded => Error is null;
}
