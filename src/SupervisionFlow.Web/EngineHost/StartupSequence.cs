using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Features.DemoData;
using SupervisionFlow.Web.Scheduling;

namespace SupervisionFlow.Web.EngineHost;

/// <summary>
/// The work between building the host and listening: nothing is answered before it ends, so <c>/readyz</c> never says
/// ready before the workflows are deployed. Issue #10 (cold start &lt; 3 s): the migrations check comes first (on
/// PostgreSQL it creates the database everything else writes to); after it the workflow deployment and the sign-in
/// set-up (roles, the first administrator) touch different tables and run side by side on a second core. With demo data
/// they stay in order: the demo data needs the workflows, and the demo users need the demo data.
/// </summary>
public static class StartupSequence
{
    public static async Task InitializeAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        await app.PrepareDatabaseAsync(cancellationToken).ConfigureAwait(false);
        if (app.Configuration.GetValue("DemoData:Enabled", true))
        {
            await app.DeployWorkflowsAsync(cancellationToken).ConfigureAwait(false);
            app.MapSchedulingDashboard();
            await app.SeedDemoDataAsync(cancellationToken).ConfigureAwait(false);
            await app.InitializeAuthAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await DeployBesideAuthAsync(app, cancellationToken).ConfigureAwait(false);
        }
        // How many methods the JIT compiled before the host could answer, beside the CPU spent: the cold-start bench prints
        // this line, and it says what ReadyToRun could still take off. The JIT time is elapsed time summed over threads,
        // so on a loaded machine it can exceed the CPU time.
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        app.Logger.LogInformation(
            "Start-up work done: {Cpu:0} ms CPU since launch; the JIT compiled {Methods} methods in {Jit:0} ms (elapsed, summed over threads)",
            process.TotalProcessorTime.TotalMilliseconds, System.Runtime.JitInfo.GetCompiledMethodCount(),
            System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds);
    }

    private static async Task DeployBesideAuthAsync(WebApplication app, CancellationToken cancellationToken)
    {
        // Task.Run: each starts on its own thread-pool thread instead of running synchronously up to its first await.
        var deployment = Task.Run(() => app.DeployWorkflowsAsync(cancellationToken), cancellationToken);
        var auth = Task.Run(() => app.InitializeAuthAsync(cancellationToken), cancellationToken);
        // Creating the storage prepares Hangfire's schema (its own file on SQLite): beside the other two as well.
        app.MapSchedulingDashboard();
        await Task.WhenAll(deployment, auth).ConfigureAwait(false);
    }
}
