using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Assessment;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Features.Exports;

namespace SupervisionFlow.Bench;

/// <summary>
/// A national session's office work (issue #10), on a SQLite file through the host's own services: N suggestions
/// filed and reviewed, then one 交办会 assigns all N (timed: <c>assign_meeting_1000_s</c>); then a 10,000-suggestion
/// session is written directly as rows and the statistics behind the dashboard (<c>dashboard_ms</c>, median of 10
/// after warm-up) and the .xlsx list of all 10,000 rows (<c>export_10000_s</c>) are timed. Before the timed meeting a
/// small one (<c>--warmup=N</c>, default 20 suggestions filed, reviewed and assigned, untimed; its wall time printed as
/// <c>assign_meeting_warmup_s</c>) runs the same code once, as on a host that has held a 交办 before: the first meeting
/// of a fresh process also pays the JIT for every method on the way. <c>--warmup=0</c> times the cold one.
/// Usage: dotnet run -c Release --project tools/SupervisionFlow.Bench -- meeting [--suggestions=1000] [--session=10000] [--warmup=20]
/// </summary>
internal static class MeetingBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var suggestions = IntArg(args, "--suggestions=", 1000);
        var session = IntArg(args, "--session=", 10_000);
        var warmup = args.Contains("--warmup=0") ? 0 : IntArg(args, "--warmup=", 20);
        var path = Path.Combine(Path.GetTempPath(), $"sf-bench-meeting-{Guid.NewGuid():N}.db");
        try
        {
            var commands = new CommandCounter();
            await using var app = await StartHostAsync(path, commands);
            await SeedDirectoryAsync(app.Services);

            if (warmup > 0)
            {
                var warm = Stopwatch.StartNew();
                await AssignAsync(app.Services, await FileAndReviewAsync(app.Services, warmup));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"warm-up (untimed): {warmup} filed, reviewed and assigned at a meeting of their own in {warm.Elapsed.TotalSeconds:0.00} s"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assign_meeting_warmup_s={warm.Elapsed.TotalSeconds:0.00}"));
            }

            var watch = Stopwatch.StartNew();
            var ids = await FileAndReviewAsync(app.Services, suggestions);
            var intake = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filed and reviewed {suggestions} in {intake.TotalSeconds:0.0} s ({suggestions / intake.TotalSeconds:0.0}/s)"));

            var before = commands.Count;
            commands.Profiling = true;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            var assigned = await AssignAsync(app.Services, ids);
            var assign = watch.Elapsed;
            // CPU time of this process as well: on a shared, loaded machine the wall time mostly measures the others.
            var assignCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            commands.Profiling = false;
            foreach (var (shape, count) in commands.Top(25))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {count,6}  {shape}"));
            }
            var perSuggestion = (double)(commands.Count - before) / Math.Max(1, assigned);
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var keys = ids.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
                var acknowledge = await db.Set<UserTaskRecord>().CountAsync(t => t.ActivityId == "acknowledge" && keys.Contains(t.BusinessKey!));
                var jobsLeft = await db.Set<JobRecord>().CountAsync(j => j.Kind == JobKind.ServiceTask);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after the meeting: {acknowledge} open 签收 tasks, {jobsLeft} service-task jobs left"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"交办会: {assigned} assigned in {assign.TotalSeconds:0.00} s, {perSuggestion:0.0} SQL commands per suggestion"));

            watch.Restart();
            await WriteSessionRowsAsync(app.Services, session);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {session} suggestion rows in {watch.Elapsed.TotalSeconds:0.0} s"));
            var dashboard = await TimeDashboardAsync(app.Services);
            var export = await TimeExportAsync(app.Services);

            Console.WriteLine();
            Console.WriteLine("database=sqlite-file");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"filed_reviewed_per_s={suggestions / intake.TotalSeconds:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assign_meeting_{suggestions}_s={assign.TotalSeconds:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assign_meeting_{suggestions}_cpu_s={assignCpu.TotalSeconds:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assign_sql_commands_per_suggestion={perSuggestion:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dashboard_ms={dashboard.Wall:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dashboard_cpu_ms={dashboard.Cpu:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assessment_ms={dashboard.Assessment:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assessment_cpu_ms={dashboard.AssessmentCpu:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"load_average={File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export_{session}_s={export:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"session_suggestions={session + suggestions}"));
        }
        finally
        {
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<WebApplication> StartHostAsync(string path, CommandCounter commands)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = RepositoryRoot(), EnvironmentName = "Seed" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:SupervisionFlow"] = $"Data Source={path}",
            ["Engine:Sweep:Enabled"] = "false",
            ["Engine:Clock:Mode"] = "Manual",
            ["Engine:Clock:Start"] = "2026-01-12T09:00:00+08:00",
            ["DemoData:Enabled"] = "false",
            ["Notifications:Dispatch:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
            // Each chunk's commit and its notices, timed apart.
            ["Logging:LogLevel:SupervisionFlow.Web.Domain.Handling.AssignmentMeetingService"] = "Information",
        });
        builder.AddSupervisionFlow();
        builder.Services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(commands));
        var app = builder.Build();
        await app.InitializeEngineAsync();
        return app;
    }

    internal static async Task SeedDirectoryAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Add(new Deputy { Id = 1, Name = "王建国", Delegation = "锦江区代表团" });
        db.AddRange(Enumerable.Range(1, 250).Select(i => new HandlingUnit { Id = Unit(i), Name = $"承办单位{i}", Kind = "政府部门" }));
        db.Add(new Leader { Id = "zhou", Name = "周副主任", Title = "常委会副主任", Kind = "主任会议成员" });
        db.Add(new Committee { Id = "cjw", Name = "城乡建设环境保护委员会" });
        await db.SaveChangesAsync();
    }

    private static async Task<List<int>> FileAndReviewAsync(IServiceProvider services, int count)
    {
        var office = new Actor("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });
        var deputy = new Actor("deputy1", "王建国", new HashSet<string> { Actor.DeputyGroup(1) });
        var ids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            using var scope = services.CreateScope();
            var suggestion = await scope.ServiceProvider.GetRequiredService<SuggestionIntakeService>().SubmitAsync(new SubmitSuggestion(
                SuggestionKind.Session, 14, 4, $"关于完善第{i + 1}项公共服务的建议", "建议加强统筹，完善配套设施。", "交通邮电", "专题调研", 1,
                [], DisclosureConsent.Full, false), deputy);
            ids.Add(suggestion.Id);
        }
        var keys = ids.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        List<string> reviews;
        using (var scope = services.CreateScope())
        {
            reviews = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<UserTaskRecord>()
                .Where(t => t.ActivityId == "review" && keys.Contains(t.BusinessKey!)).Select(t => t.Id).ToListAsync();
        }
        foreach (var task in reviews)
        {
            using var scope = services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<TaskFormService>().SubmitAsync(task, office, new JsonObject { ["decision"] = "accept" });
        }
        return ids;
    }

    private static async Task<int> AssignAsync(IServiceProvider services, List<int> ids)
    {
        var office = new Actor("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });
        using var scope = services.CreateScope();
        var meetings = scope.ServiceProvider.GetRequiredService<AssignmentMeetingService>();
        var meeting = await meetings.CreateMeetingAsync("第十四届全国人大四次会议代表建议交办会", new DateOnly(2026, 3, 20), null, office);
        var orders = ids.Select((id, i) => new AssignmentOrder(id, Unit(i % 250 + 1), i % 3 == 0 ? [Unit((i + 7) % 250 + 1)] : [])).ToList();
        return await meetings.AssignAsync(meeting.Id, orders, office);
    }

    /// <summary>A whole session as rows (the statistics read the domain tables only): states, units, replies, ratings.</summary>
    internal static async Task WriteSessionRowsAsync(IServiceProvider services, int count)
    {
        var states = Enum.GetValues<SuggestionState>();
        var start = new DateTime(2026, 3, 5, 2, 0, 0, DateTimeKind.Utc);
        for (var batch = 0; batch < count; batch += 1000)
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            for (var i = batch; i < Math.Min(count, batch + 1000); i++)
            {
                var replied = i % 3 != 0;
                var suggestion = new Suggestion
                {
                    Term = 14, Session = 4, Number = 100_000 + i, Kind = SuggestionKind.Session, Title = $"关于第{i}项工作的建议", Content = Content,
                    Category = $"类别{i % 12}", FormedBy = "专题调研", LeadDeputyId = 1, State = states[i % states.Length], SubmittedAt = start,
                    AssignedAt = start.AddDays(20), ReplyDueOn = new DateOnly(2026, 6, 20).AddDays(i % 60), IsKey = i % 50 == 0,
                    KeyLeaderId = i % 50 == 0 ? "zhou" : null, KeyCommitteeId = i % 50 == 0 ? "cjw" : null,
                    FirstRepliedAt = replied ? start.AddDays(60 + i % 60) : null, ResultClass = replied ? "ABC"[i % 3].ToString() : null,
                };
                suggestion.Units.Add(new SuggestionUnit { UnitId = Unit(i % 250 + 1), Role = UnitRole.Lead });
                if (i % 3 == 0)
                {
                    suggestion.Units.Add(new SuggestionUnit { UnitId = Unit((i + 7) % 250 + 1), Role = UnitRole.Co });
                }
                db.Add(suggestion);
            }
            await db.SaveChangesAsync();
            foreach (var suggestion in db.ChangeTracker.Entries<Suggestion>().Select(e => e.Entity).Where(s => s.FirstRepliedAt is not null).ToList())
            {
                db.Add(new Evaluation
                {
                    SuggestionId = suggestion.Id, DeputyId = 1, Round = 1, RecordedBy = "deputy1", RecordedAt = start.AddDays(90),
                    Attitude = Satisfaction.Satisfied, Result = suggestion.Number % 10 == 0 ? Satisfaction.Unsatisfied : Satisfaction.Satisfied,
                });
            }
            await db.SaveChangesAsync();
        }
    }

    /// <summary>
    /// The statistics (<c>dashboard_ms</c>, comparable with the figures before the 考核 panel) and, apart, the 考核
    /// ranking the dashboard's panel adds (<c>assessment_ms</c>); medians of 10 after 3 warm-ups, and each one's mean CPU
    /// time of this process (<c>dashboard_cpu_ms</c>, <c>assessment_cpu_ms</c>).
    /// </summary>
    private static async Task<(double Wall, double Cpu, double Assessment, double AssessmentCpu)> TimeDashboardAsync(IServiceProvider services)
    {
        var times = new List<double>();
        var assessments = new List<double>();
        var cpu = TimeSpan.Zero;
        var assessmentCpu = TimeSpan.Zero;
        for (var run = 0; run < 13; run++)
        {
            using var scope = services.CreateScope();
            var statistics = scope.ServiceProvider.GetRequiredService<SuggestionStatistics>();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var report = await statistics.BuildAsync(new StatisticsFilter(14, 4, null));
            watch.Stop();
            if (run >= 3)
            {
                cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            }
            if (run == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dashboard: {report.Total} suggestions, {report.Overdue.Count} overdue, {report.ByUnit.Count} units"));
            }
            if (run >= 3)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            var ranking = await scope.ServiceProvider.GetRequiredService<UnitAssessment>().RankAsync(14, 4);
            watch.Stop();
            if (run >= 3)
            {
                assessmentCpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            }
            if (run == 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"assessment: {ranking.Count} units ranked"));
            }
            if (run >= 3)
            {
                assessments.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        using (var scope = services.CreateScope())
        {
            // The dashboard's own path: the page and its chart data ask for the same report, the second from the cache.
            var statistics = scope.ServiceProvider.GetRequiredService<SuggestionStatistics>();
            var cache = scope.ServiceProvider.GetRequiredService<StatisticsCache>();
            var filter = new StatisticsFilter(14, 4, null);
            await cache.GetOrBuildAsync(filter, token => statistics.BuildAsync(filter, token));
            var watch = Stopwatch.StartNew();
            await cache.GetOrBuildAsync(filter, token => statistics.BuildAsync(filter, token));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"dashboard_cached_ms={watch.Elapsed.TotalMilliseconds:0.00}"));
        }
        times.Sort();
        assessments.Sort();
        return (times[times.Count / 2], cpu.TotalMilliseconds / times.Count, assessments[assessments.Count / 2], assessmentCpu.TotalMilliseconds / assessments.Count);
    }

    /// <summary>The 交办清单-shaped list of every suggestion of the session, read from the database and written as .xlsx.</summary>
    private static async Task<double> TimeExportAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var watch = Stopwatch.StartNew();
        var units = await UnitNames.AllAsync(db, CancellationToken.None);
        var rows = await db.Set<Suggestion>().AsNoTracking().Include(s => s.Units).Where(s => s.Term == 14 && s.Session == 4)
            .OrderBy(s => s.Number).ToListAsync();
        var sheet = AssignmentListWorkbook.Sheet(rows.Select(s => new AssignmentListRow(
            s.DisplayNumber, s.Title, s.Category, "王建国",
            units.GetValueOrDefault(s.Units.FirstOrDefault(u => u.Role != UnitRole.Co)?.UnitId ?? "", ""),
            [.. s.Units.Where(u => u.Role == UnitRole.Co).Select(u => units.GetValueOrDefault(u.UnitId, u.UnitId))],
            s.HandlingMode == HandlingMode.Separate, s.IsKey, s.ReplyDueOn ?? default)));
        var bytes = XlsxWriter.Write(sheet);
        watch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"export: {rows.Count} rows, {bytes.Length / 1024} KB"));
        return watch.Elapsed.TotalSeconds;
    }

    /// <summary>A suggestion's text as long as a real one (~800 characters): what a query that loads it carries.</summary>
    private static readonly string Content = string.Concat(Enumerable.Repeat("建议进一步加强统筹协调，完善配套设施和长效机制，加大资金投入，", 25));

    private static string Unit(int i) => string.Create(CultureInfo.InvariantCulture, $"u{i:000}");

    internal static int IntArg(string[] args, string prefix, int fallback) =>
        args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } arg
        && int.TryParse(arg[prefix.Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupervisionFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SupervisionFlow.sln not found above the benchmark's folder.");
    }

    /// <summary>SQL commands sent to the database, to show where a suggestion's assignment spends its round trips.</summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _shapes = new(StringComparer.Ordinal);

        public bool Profiling { get; set; }

        /// <summary>The most frequent statements while <see cref="Profiling"/> was on (their first 90 characters).</summary>
        public IEnumerable<(string Shape, int Count)> Top(int n) =>
            _shapes.OrderByDescending(p => p.Value).Take(n).Select(p => (p.Key, p.Value));

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            Interlocked.Increment(ref _count);
            return result;
        }

        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            Record(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Record(command);
            return ValueTask.FromResult(result);
        }

        private void Record(DbCommand command)
        {
            if (Profiling)
            {
                var text = command.CommandText.ReplaceLineEndings(" ");
                _shapes.AddOrUpdate(text[..Math.Min(90, text.Length)], 1, (_, c) => c + 1);
            }
        }
    }
}
