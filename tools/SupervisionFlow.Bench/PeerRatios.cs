using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SupervisionFlow.Bench;

/// <summary>
/// The peers' harness (<c>../shared/peers</c>: raw SQLite commits, Quartz one-off triggers, Hangfire delayed jobs,
/// npm bpmn-engine) run in the same sitting as our bench, and the ratios issue #10 asks for: completions ÷ bpmn-engine
/// recovered per step, timers ÷ Quartz one-off firings, completions ÷ raw commits. The harness is run from a writable
/// copy (it writes its logs and installs packages beside itself).
/// </summary>
internal static partial class PeerRatios
{
    /// <summary>Runs <c>run-all.sh</c> in <paramref name="peersDirectory"/> and returns its key=value figures.</summary>
    public static async Task<Dictionary<string, double>> RunAsync(string peersDirectory)
    {
        var script = Path.Combine(peersDirectory, "run-all.sh");
        if (!File.Exists(script))
        {
            throw new ArgumentException($"--peers: {script} does not exist (copy ../shared/peers to a writable folder first).");
        }
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {script}.");
        var figures = new Dictionary<string, double>(StringComparer.Ordinal);
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            Console.WriteLine($"peers| {line}");
            if (Figure().Match(line) is { Success: true } match)
            {
                figures[match.Groups[1].Value] = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            }
        }
        await process.WaitForExitAsync();
        return figures;
    }

    /// <summary>Prints the peers' figures and our ratios to them as key=value lines (n/a where a figure is missing).</summary>
    public static void Print(IReadOnlyDictionary<string, double> peers, IReadOnlyDictionary<string, string> ours)
    {
        foreach (var (key, value) in peers.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"peer_{key}={value.ToString("0.##", CultureInfo.InvariantCulture)}");
        }
        var completions = Ours(ours, "completions_per_s");
        var timers = Ours(ours, "timers_per_s");
        // Our engine runs at synchronous=NORMAL as the host does; the peers' NORMAL variants are the like-for-like ones.
        Ratio("ratio_completions_vs_bpmn_engine_recover", completions, peers, "bpmn_engine_tasks_per_s_persisted_recover");
        Ratio("ratio_completions_vs_bpmn_engine_persisted", completions, peers, "bpmn_engine_tasks_per_s_persisted");
        Ratio("ratio_timers_vs_quartz_default", timers, peers, "quartz_oneoff_firings_per_s_default");
        Ratio("ratio_timers_vs_quartz_default_sync_normal", timers, peers, "quartz_oneoff_firings_per_s_default_sync_normal");
        Ratio("ratio_timers_vs_quartz_tuned", timers, peers, "quartz_oneoff_firings_per_s_tuned");
        Ratio("ratio_completions_vs_raw_commits_normal", completions, peers, "raw_commits_per_s_normal");
        var ourRaw = Ours(ours, "raw_commits_per_s");
        Console.WriteLine($"ratio_completions_vs_our_raw_commits={Format(completions / ourRaw)}");
    }

    private static void Ratio(string key, double ours, IReadOnlyDictionary<string, double> peers, string peerKey) =>
        Console.WriteLine($"{key}={(peers.TryGetValue(peerKey, out var peer) && peer > 0 ? Format(ours / peer) : "n/a")}");

    private static double Ours(IReadOnlyDictionary<string, string> ours, string key) =>
        ours.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    private static string Format(double ratio) => double.IsFinite(ratio) ? ratio.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";

    [GeneratedRegex("^([a-z][a-z0-9_]*)=([0-9]+(?:\\.[0-9]+)?)$")]
    private static partial Regex Figure();
}
