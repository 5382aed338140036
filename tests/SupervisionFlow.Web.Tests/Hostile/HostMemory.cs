using System.Diagnostics;

namespace SupervisionFlow.Web.Tests.Hostile;

/// <summary>The test process's memory (the host runs in it): working set and live managed heap after a full collection.</summary>
internal static class HostMemory
{
    public static (long WorkingSet, long Heap) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
    }

    /// <summary>Asserts that the live heap grew less than <paramref name="boundBytes"/> and the working set less than twice that.</summary>
    public static void AssertGrewLessThan((long WorkingSet, long Heap) before, long boundBytes)
    {
        var after = Measure();
        var heap = after.Heap - before.Heap;
        var workingSet = after.WorkingSet - before.WorkingSet;
        Assert.True(heap < boundBytes, $"live heap grew {heap / 1_000_000} MB (bound {boundBytes / 1_000_000} MB)");
        Assert.True(workingSet < 2 * boundBytes, $"working set grew {workingSet / 1_000_000} MB (bound {2 * boundBytes / 1_000_000} MB)");
    }
}
