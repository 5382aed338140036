using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Archive;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.EngineHost;

namespace SupervisionFlow.Bench;

/// <summary>
/// History archiving (issue #10) on a SQLite file through the host's own archiver: N closed suggestions of term 16
/// written as rows in the shape of one handled to 办结 by the real workflows (two instances; 8 + 33 activity rows and
/// 48 + 29 variable rows, about 24 KB of JSON), then one run with term 18 current and one term retained. Prints
/// <c>archive_suggestions_per_s</c>, <c>archive_instances_per_s</c> and the archive's bytes per suggestion.
/// Usage: dotnet run -c Release --project tools/SupervisionFlow.Bench -- archive [--suggestions=1000] [--chunk=200]
/// </summary>
internal static class ArchiveBenchmark
{
    private static readonly (string Key, int Activities, int Variables)[] Shape = [("session-suggestion", 8, 48), ("suggestion-handling", 33, 29)];

    public static async Task RunAsync(string[] args)
    {
        var suggestions = IntArg(args, "--suggestions=", 1000);
        var chunk = IntArg(args, "--chunk=", 200);
        var path = Path.Combine(Path.GetTempPath(), $"sf-bench-archive-{Guid.NewGuid():N}.db");
        var folder = Path.Combine(Path.GetTempPath(), $"sf-bench-archive-{Guid.NewGuid():N}");
        try
        {
            await using var app = await StartHostAsync(path, folder, chunk);
            var watch = Stopwatch.StartNew();
            await WriteClosedSuggestionsAsync(app.Services, suggestions);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {suggestions} closed suggestions with history in {watch.Elapsed.TotalSeconds:0.0} s"));

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            watch.Restart();
            HistoryArchiveRun run;
            using (var scope = app.Services.CreateScope())
            {
                run = await scope.ServiceProvider.GetRequiredService<HistoryArchiver>().RunAsync("bench", CancellationToken.None);
            }
            var wall = watch.Elapsed.TotalSeconds;
            var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            var bytes = Directory.GetFiles(folder).Sum(f => new FileInfo(f).Length);
            using (var scope = app.Services.CreateScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                var activitiesLeft = await db.Set<HistoryActivityRecord>().CountAsync();
                var variablesLeft = await db.Set<HistoryVariableRecord>().CountAsync();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hot history rows left: {activitiesLeft} activities, {variablesLeft} variables"));
            }
            Console.WriteLine();
            Console.WriteLine("database=sqlite-file");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"archive_state={run.State} {run.Error}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"archive_suggestions={run.Suggestions} instances={run.Instances} chunks={run.Chunks} activity_rows={run.ActivityRows} variable_rows={run.VariableRows}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"archive_s={wall:0.00} cpu_s={cpu:0.00}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"archive_suggestions_per_s={run.Suggestions / wall:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"archive_instances_per_s={run.Instances / wall:0.0}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"archive_bytes_per_suggestion={bytes / Math.Max(1, run.Suggestions)}"));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm", Path.ChangeExtension(path, ".hangfire.db") })
            {
                File.Delete(file);
            }
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<WebApplication> StartHostAsync(string path, string folder, int chunk)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = RepositoryRoot(), EnvironmentName = "Seed" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:SupervisionFlow"] = $"Data Source={path}",
            ["Engine:WorkflowsPath"] = Path.Combine(folder, "no-workflows"),
            ["Engine:Sweep:Enabled"] = "false",
            ["DemoData:Enabled"] = "false",
            ["Notifications:Dispatch:Enabled"] = "false",
            ["Notifications:Reminders:Enabled"] = "false",
            ["History:Archive:Enabled"] = "true",
            ["History:Archive:RetainTerms"] = "1",
            ["History:Archive:ChunkSize"] = chunk.ToString(CultureInfo.InvariantCulture),
            ["History:Archive:Folder"] = folder,
            ["Suggestions:CurrentTerm"] = "18",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Error",
        });
        builder.AddSupervisionFlow();
        var app = builder.Build();
        await app.InitializeEngineAsync();
        return app;
    }

    private static async Task WriteClosedSuggestionsAsync(IServiceProvider services, int count)
    {
        var start = new DateTime(2022, 3, 5, 2, 0, 0, DateTimeKind.Utc);
        var value = "\"" + string.Concat(Enumerable.Repeat("经研究，已新开社区微循环线路。", 8)) + "\"";
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Add(new Deputy { Id = 1, Name = "王建国", Delegation = "锦江区代表团" });
            await db.SaveChangesAsync();
        }
        for (var batch = 0; batch < count; batch += 100)
        {
            using var scope = services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var rows = Enumerable.Range(batch, Math.Min(100, count - batch)).Select(i => new Suggestion
            {
                Term = 16, Session = 1 + i % 5, Number = i + 1, Kind = SuggestionKind.Session, Title = $"关于第{i}项工作的建议", Content = "建议内容。",
                Category = "交通邮电", LeadDeputyId = 1, State = SuggestionState.Closed, SubmittedAt = start, ClosedAt = start.AddDays(120),
            }).ToList();
            db.AddRange(rows);
            await db.SaveChangesAsync();
            foreach (var suggestion in rows)
            {
                suggestion.BusinessKey = Suggestion.KeyOf(suggestion.Id);
                foreach (var (key, activities, variables) in Shape)
                {
                    var instance = Guid.NewGuid().ToString();
                    db.Add(new ProcessInstanceRecord
                    {
                        Id = instance, DefinitionId = key + ":1", DefinitionKey = key, DefinitionVersion = 1, BusinessKey = suggestion.BusinessKey,
                        State = "completed", ExecutionsJson = "[]", VariablesJson = "{}", StartedAt = start, EndedAt = start.AddDays(120),
                    });
                    for (var a = 0; a < activities; a++)
                    {
                        db.Add(new HistoryActivityRecord
                        {
                            Id = Guid.NewGuid().ToString(), ProcessInstanceId = instance, ActivityId = $"task{a}", ActivityType = "userTask",
                            ActivityName = $"环节{a}", StartedAt = start.AddDays(a), EndedAt = start.AddDays(a + 1), CompletedBy = "jtj.staff", Sequence = a,
                        });
                    }
                    for (var v = 0; v < variables; v++)
                    {
                        db.Add(new HistoryVariableRecord
                        {
                            ProcessInstanceId = instance, Name = $"var{v}", ValueJson = value, SetAt = start.AddDays(v), SetBy = "jtj.staff",
                        });
                    }
                }
            }
            await db.SaveChangesAsync();
        }
    }

    /// <summary>The repository (the calendars live in its workflows folder).</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SupervisionFlow.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("SupervisionFlow.sln not found above " + AppContext.BaseDirectory);
    }

    private static int IntArg(string[] args, string prefix, int fallback) =>
        args.FirstOrDefault(a => a.StartsWith(prefix, StringComparison.Ordinal)) is { } arg
            ? int.Parse(arg[prefix.Length..], CultureInfo.InvariantCulture)
            : fallback;
}
