using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Features.Inbox;

namespace SupervisionFlow.Bench;

/// <summary>
/// Inbox latency at national size (issues #10 and #18): a database migrated like the host's, with N open tasks (half
/// the office's, half spread over 250 units, the busiest holding the most) each tied to its suggestion, and M closed
/// task rows in the engine's history, all bulk-inserted with ADO.NET. Then the office's inbox and the busiest unit's
/// are read through <see cref="InboxQuery"/> exactly as 待办 reads them (the summary and the first page), each
/// request on a new context, and the p95 printed. SQLite always; PostgreSQL too when SF_TEST_POSTGRES or --postgres=
/// names a server.
/// </summary>
internal static class InboxBenchmark
{
    private const int Units = 250;
    private const int Warmup = 5;
    private const int Requests = 50;
    private const int PageSize = 50;
    private static bool _logging;
    private static readonly DateTime Now = new(2026, 3, 2, 1, 0, 0, DateTimeKind.Utc);

    /// <summary>Runs on SQLite, then on PostgreSQL when one is named (unless <paramref name="sqliteOnly"/>); returns each one's figures.</summary>
    public static async Task<IReadOnlyList<InboxFigures>> RunAsync(string[] args, bool sqliteOnly = false)
    {
        var figures = new List<InboxFigures>();
        var open = Option(args, "--open=") ?? 10_000;
        var history = Option(args, "--history=") ?? 1_000_000;
        sqliteOnly |= args.Contains("--sqlite-only");
        var postgres = args.FirstOrDefault(a => a.StartsWith("--postgres=", StringComparison.Ordinal))?["--postgres=".Length..]
                       ?? Environment.GetEnvironmentVariable("SF_TEST_POSTGRES");
        Console.WriteLine($"SupervisionFlow inbox benchmark: {open} open tasks ({open / 2} office, {open - open / 2} over {Units} units), {history} closed task rows in history");

        var path = Path.Combine(Path.GetTempPath(), $"sf-bench-inbox-{Guid.NewGuid():N}.db");
        try
        {
            var sqlite = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
            figures.Add(await RunOnAsync("SQLite", DatabaseProvider.Sqlite, sqlite, open, history));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
        if (!sqliteOnly && !string.IsNullOrWhiteSpace(postgres))
        {
            var name = $"sf_bench_inbox_{Guid.NewGuid():N}";
            await ExecuteAsync(postgres, $"CREATE DATABASE \"{name}\"");
            try
            {
                figures.Add(await RunOnAsync("PostgreSQL", DatabaseProvider.PostgreSQL, new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ToString(), open, history));
            }
            finally
            {
                NpgsqlConnection.ClearAllPools();
                // --keep leaves the database for EXPLAIN (ANALYZE) of the inbox's statements at this size.
                if (args.Contains("--keep"))
                {
                    Console.WriteLine($"PostgreSQL: kept database {name}");
                }
                else
                {
                    await ExecuteAsync(postgres, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                }
            }
        }
        return figures;
    }

    /// <summary>The 1-minute load average before the timed requests and after them (Linux), else "n/a".</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static async Task<InboxFigures> RunOnAsync(string label, DatabaseProvider provider, string connectionString, int open, int history)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseExtensions.Configure(builder, provider, connectionString);
        if (Environment.GetEnvironmentVariable("SF_BENCH_DEBUG") is not null)
        {
            builder.LogTo(line => { if (_logging) { Console.WriteLine(line); } }, [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]);
        }
        var counter = new InboxStatementCounter();
        builder.AddInterceptors(counter);
        var options = builder.Options;
        AppDbContext Create() => new(options);
        await using (var db = Create())
        {
            await db.Database.MigrateAsync();
            if (provider == DatabaseProvider.Sqlite)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
        }
        var setup = Stopwatch.StartNew();
        var busiest = await SeedAsync(Create, open);
        await using (var db = Create())
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await InsertTasksAsync(connection, open);
            await InsertHistoryAsync(connection, history);
            // Fresh statistics, as autovacuum (PostgreSQL) or the host's hourly SqliteStatisticsJob (SQLite) keeps them.
            if (!await SqliteStatistics.RefreshAsync(db))
            {
                await db.Database.ExecuteSqlRawAsync("ANALYZE");
            }
        }
        Console.WriteLine($"{label}: set up in {setup.Elapsed.TotalSeconds:0.0} s");

        var clock = new ManualClock(new DateTimeOffset(Now));
        // The host's singleton: filter choices and unit names cached across requests (nothing changes them here).
        var directory = new InboxDirectory(
            new StatisticsCache(clock, Options.Create(new StatisticsCacheOptions())), clock, Options.Create(new StatisticsCacheOptions()));
        var office = new Actor("lgw", "联工委", new HashSet<string> { Actor.OfficeGroup });
        var unit = new Actor($"{busiest.Unit}.staff", "承办人", new HashSet<string> { "unit:" + busiest.Unit });
        var loadBefore = LoadAverage();
        var (officeTimes, officeCpu) = await TimeAsync(Create, clock, directory, counter, office, label);
        var (unitTimes, unitCpu) = await TimeAsync(Create, clock, directory, counter, unit, label);
        long taskRows;
        await using (var db = Create())
        {
            taskRows = await db.Set<Engine.Persistence.UserTaskRecord>().LongCountAsync()
                       + await db.Set<Engine.Persistence.HistoryActivityRecord>().LongCountAsync();
        }
        Console.WriteLine($"{label}: office inbox median {Percentile(officeTimes, 0.5):0.0} ms, p95 {Percentile(officeTimes, 0.95):0.0} ms; "
                          + $"unit '{busiest.Unit}' ({busiest.Tasks} tasks) median {Percentile(unitTimes, 0.5):0.0} ms, p95 {Percentile(unitTimes, 0.95):0.0} ms "
                          + $"({Requests} requests each: summary counts and the first page of {PageSize})");
        var prefix = label == "SQLite" ? "" : "postgres_";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}inbox_office_p95_ms={Percentile(officeTimes, 0.95):0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}inbox_unit_p95_ms={Percentile(unitTimes, 0.95):0.0}"));
        // CPU of this process per request (the client side: EF Core, the driver; on SQLite also the database engine),
        // steadier than wall time on a loaded machine; the load average says how loaded it was.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}inbox_office_median_ms={Percentile(officeTimes, 0.5):0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}inbox_unit_median_ms={Percentile(unitTimes, 0.5):0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}inbox_office_cpu_ms={Percentile(officeCpu, 0.5):0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}inbox_unit_cpu_ms={Percentile(unitCpu, 0.5):0.0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{prefix}task_rows={taskRows}"));
        Console.WriteLine($"{prefix}open_tasks={open}");
        Console.WriteLine($"{prefix}load_average={loadBefore} / {LoadAverage()}");
        return new InboxFigures(label, Percentile(officeTimes, 0.95), Percentile(unitTimes, 0.95), taskRows, open);
    }

    /// <summary>
    /// What 待办 runs per request: the header's counts and filter choices, then the first page. Prints the SQL
    /// statements and connection opens per request, and how many of the slow requests (over twice the median) saw a
    /// garbage collection — to tell GC pauses from waits on the database or the scheduler.
    /// </summary>
    private static async Task<(List<double> Wall, List<double> Cpu)> TimeAsync(
        Func<AppDbContext> create, TimeProvider clock, InboxDirectory directory, InboxStatementCounter counter, Actor actor, string label)
    {
        var times = new List<double>();
        var cpuTimes = new List<double>();
        var collected = new List<bool>();
        var (statements, opens) = (0, 0);
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        for (var i = 0; i < Warmup + Requests; i++)
        {
            _logging = i == Warmup && Environment.GetEnvironmentVariable("SF_BENCH_DEBUG") is not null;
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var (statementsBefore, opensBefore, gcBefore) = (counter.Statements, counter.Opens, GC.CollectionCount(0));
            var watch = Stopwatch.StartNew();
            await using var db = create();
            var inbox = new InboxQuery(db, clock, directory);
            var (summary, page) = await inbox.ReadAsync(actor, new InboxFilter(), PageSize, null, null, false, CancellationToken.None);
            watch.Stop();
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
            if (page.Rows.Count != Math.Min(PageSize, summary.Open) || page.Matching != summary.Open)
            {
                throw new InvalidOperationException($"{actor.UserName}: page of {page.Rows.Count}, {page.Matching} matching, {summary.Open} open");
            }
            if (i >= Warmup)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
                cpuTimes.Add(cpu);
                collected.Add(GC.CollectionCount(0) != gcBefore);
                (statements, opens) = (counter.Statements - statementsBefore, counter.Opens - opensBefore);
            }
        }
        var median = Percentile(times, 0.5);
        var slow = Enumerable.Range(0, times.Count).Where(i => times[i] > 2 * median).ToList();
        var prefix = label == "SQLite" ? "" : "postgres_";
        var who = actor.IsOffice ? "office" : "unit";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{prefix}inbox_{who}_statements={statements} {prefix}inbox_{who}_connection_opens={opens} "
            + $"{prefix}inbox_{who}_slow_requests={slow.Count} (of them with a gen0+ GC: {slow.Count(i => collected[i])}; requests with a GC: {collected.Count(c => c)})"));
        return (times, cpuTimes);
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    /// <summary>Units, a deputy and one suggestion per open task (its lead unit skewed: unit 1 busiest).</summary>
    private static async Task<(string Unit, int Tasks)> SeedAsync(Func<AppDbContext> create, int open)
    {
        await using var db = create();
        db.Add(new Deputy { Id = 1, Name = "张三", Delegation = "代表团" });
        for (var u = 1; u <= Units; u++)
        {
            db.Add(new HandlingUnit { Id = UnitId(u), Name = $"承办单位{u}", Kind = "政府部门" });
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 1; i <= open; i++)
        {
            db.Add(new Suggestion
            {
                Id = i, Term = 14, Session = 3, Number = i, Kind = SuggestionKind.Session, Title = $"关于第{i}项民生实事的建议",
                Content = "内容", Category = "综合", LeadDeputyId = 1, SubmittedAt = Now, State = SuggestionState.InHandling,
                IsKey = i % 20 == 0, BusinessKey = Suggestion.KeyOf(i),
                Units = [new SuggestionUnit { UnitId = UnitId(UnitOf(i)), Role = UnitRole.Lead }],
            });
            if (i % 2000 == 0)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }
        await db.SaveChangesAsync();
        var busiest = Enumerable.Range(1, open).Where(i => i % 2 == 0).GroupBy(UnitOf).MaxBy(g => g.Count())!;
        return (UnitId(busiest.Key), busiest.Count());
    }

    // Zipf-like: unit u gets a share proportional to 1/u, as a few large departments take most suggestions.
    private static int UnitOf(int i)
    {
        var harmonic = Enumerable.Range(1, Units).Sum(u => 1.0 / u);
        var x = (i * 0.6180339887 % 1.0) * harmonic;
        for (var u = 1; u <= Units; u++)
        {
            x -= 1.0 / u;
            if (x <= 0)
            {
                return u;
            }
        }
        return Units;
    }

    private static string UnitId(int u) => $"u{u:000}";

    /// <summary>Odd suggestions wait on the office (审核), even ones on their lead unit (三定), due over the next 60 days.</summary>
    private static async Task InsertTasksAsync(DbConnection connection, int open)
    {
        await using var transaction = await connection.BeginTransactionAsync();
        await using var task = connection.CreateCommand();
        task.Transaction = transaction;
        task.CommandText = "INSERT INTO engine_tasks (\"Id\", \"ProcessInstanceId\", \"ExecutionId\", \"ActivityId\", \"Name\", \"DefinitionKey\", \"BusinessKey\", "
                           + "\"DueAt\", \"Priority\", \"FormKey\", \"CreatedAt\", \"LocalVariablesJson\") VALUES (@id, @pi, @ex, @act, @name, @def, @bk, @due, 50, @form, @created, '{}')";
        var parameters = new[] { "@id", "@pi", "@ex", "@act", "@name", "@def", "@bk", "@due", "@form", "@created" }
            .Select(n => { var p = task.CreateParameter(); p.ParameterName = n; task.Parameters.Add(p); return p; }).ToArray();
        await using var candidate = connection.CreateCommand();
        candidate.Transaction = transaction;
        // The task's sort keys on its candidate row, as the engine's save copies them (CandidateSortKeys).
        candidate.CommandText = "INSERT INTO engine_task_candidates (\"TaskId\", \"Kind\", \"Value\", \"DueOrLast\", \"TaskCreatedAt\") VALUES (@task, 'group', @group, @due, @created)";
        var taskId = candidate.CreateParameter();
        taskId.ParameterName = "@task";
        var group = candidate.CreateParameter();
        group.ParameterName = "@group";
        var due = candidate.CreateParameter();
        due.ParameterName = "@due";
        var created = candidate.CreateParameter();
        created.ParameterName = "@created";
        candidate.Parameters.Add(taskId);
        candidate.Parameters.Add(group);
        candidate.Parameters.Add(due);
        candidate.Parameters.Add(created);
        for (var i = 1; i <= open; i++)
        {
            var officeTask = i % 2 == 1;
            var id = Guid.NewGuid().ToString();
            object[] values =
            [
                id, Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), officeTask ? "review" : "plan", officeTask ? "审核" : "三定",
                "suggestion-handling", Suggestion.KeyOf(i), Now.AddHours(i % 1440), officeTask ? "office:review" : "unit:plan", Now.AddSeconds(-i),
            ];
            for (var p = 0; p < values.Length; p++)
            {
                parameters[p].Value = values[p];
            }
            await task.ExecuteNonQueryAsync();
            taskId.Value = id;
            group.Value = officeTask ? Actor.OfficeGroup : "unit:" + UnitId(UnitOf(i));
            due.Value = values[7];
            created.Value = values[9];
            await candidate.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    /// <summary>Closed user-task rows in the activity history (COPY on PostgreSQL, one prepared insert on SQLite).</summary>
    private static async Task InsertHistoryAsync(DbConnection connection, int rows)
    {
        if (connection is NpgsqlConnection npgsql)
        {
            await using var import = await npgsql.BeginBinaryImportAsync(
                "COPY engine_history_activities (\"Id\", \"ProcessInstanceId\", \"ActivityId\", \"ActivityType\", \"ActivityName\", \"StartedAt\", \"EndedAt\", \"CompletedBy\", \"Canceled\", \"Sequence\") FROM STDIN (FORMAT BINARY)");
            for (var i = 0; i < rows; i++)
            {
                await import.StartRowAsync();
                await import.WriteAsync(Guid.NewGuid().ToString(), NpgsqlDbType.Varchar);
                await import.WriteAsync($"instance-{i / 10}", NpgsqlDbType.Varchar);
                await import.WriteAsync("review", NpgsqlDbType.Varchar);
                await import.WriteAsync("userTask", NpgsqlDbType.Varchar);
                await import.WriteAsync("审核", NpgsqlDbType.Varchar);
                await import.WriteAsync(Now.AddMinutes(-i), NpgsqlDbType.TimestampTz);
                await import.WriteAsync(Now.AddMinutes(-i + 5), NpgsqlDbType.TimestampTz);
                await import.WriteAsync("lgw", NpgsqlDbType.Varchar);
                await import.WriteAsync(false, NpgsqlDbType.Boolean);
                await import.WriteAsync((long)i, NpgsqlDbType.Bigint);
            }
            await import.CompleteAsync();
            return;
        }
        await using var transaction = await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO engine_history_activities (\"Id\", \"ProcessInstanceId\", \"ActivityId\", \"ActivityType\", \"ActivityName\", \"StartedAt\", \"EndedAt\", \"CompletedBy\", \"Canceled\", \"Sequence\") "
                             + "VALUES (@id, @pi, 'review', 'userTask', '审核', @started, @ended, 'lgw', 0, @seq)";
        var parameters = new[] { "@id", "@pi", "@started", "@ended", "@seq" }
            .Select(n => { var p = insert.CreateParameter(); p.ParameterName = n; insert.Parameters.Add(p); return p; }).ToArray();
        for (var i = 0; i < rows; i++)
        {
            parameters[0].Value = Guid.NewGuid().ToString();
            parameters[1].Value = $"instance-{i / 10}";
            parameters[2].Value = Now.AddMinutes(-i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            parameters[3].Value = Now.AddMinutes(-i + 5).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            parameters[4].Value = (long)i;
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static int? Option(string[] args, string prefix) =>
        args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } value
            ? int.Parse(value[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture)
            : null;
}

/// <summary>One database's inbox figures: the p95 of the office's and the busiest unit's 待办, and the sizes behind them.</summary>
internal sealed record InboxFigures(string Database, double OfficeP95Ms, double UnitP95Ms, long TaskRows, int OpenTasks);
