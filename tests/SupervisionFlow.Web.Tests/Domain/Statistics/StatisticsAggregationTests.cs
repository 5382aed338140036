using System.Text.Json;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Statistics;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Statistics;

/// <summary>
/// The grouped SQL of <see cref="SuggestionStatistics"/> against the in-memory computation it replaced
/// (<see cref="InMemoryStatistics"/>), on a Bogus-made session with every shape the figures distinguish: re-assigned
/// (inactive) units, co-units, second-round and not-returned ratings, replies on the deadline's last China day,
/// overdue and key suggestions, suggestions without a source.
/// </summary>
public sealed class StatisticsAggregationTests
{
    private static readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 7, 1, 2, 0, 0, TimeSpan.Zero));

    public static TheoryData<int?, int?, SuggestionKind?> Filters => new()
    {
        { null, null, null },
        { 18, 5, null },
        { 18, null, SuggestionKind.BetweenSession },
        { 19, 1, null },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Build_Sqlite_SameReportAsInMemory(int? term, int? session, SuggestionKind? kind)
    {
        using var file = new TestDatabaseFile();
        await using var db = Context(DatabaseProvider.Sqlite, file.ConnectionString);

        await AssertSameAsync(db, new StatisticsFilter(term, session, kind), exactUnitOrder: true);
    }

    [PostgresTheory]
    [MemberData(nameof(Filters))]
    public async Task Build_Postgres_SameReportAsInMemory(int? term, int? session, SuggestionKind? kind)
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var db = Context(DatabaseProvider.PostgreSQL, database.ConnectionString);

        // The in-memory version left the order of a suggestion's units of one role (two co-units) to PostgreSQL's plan:
        // EF orders a projected collection by its parent only. The SQL version orders them by assignment.
        await AssertSameAsync(db, new StatisticsFilter(term, session, kind), exactUnitOrder: false);
    }

    private static async Task AssertSameAsync(AppDbContext db, StatisticsFilter filter, bool exactUnitOrder)
    {
        await db.Database.EnsureCreatedAsync();
        await SeedAsync(db);
        var profile = Options.Create(new HandlingProfile());

        var expected = await new InMemoryStatistics(db, _clock, profile).BuildAsync(filter);
        var actual = await new SuggestionStatistics(db, _clock, profile).BuildAsync(filter);

        // The data must exercise what is compared, or agreeing would prove nothing.
        if (filter.Term is null)
        {
            Assert.True(expected.Overdue.Count > 0 && expected.KeySuggestions.Count > 0 && expected.Satisfaction.NotEvaluated > 0);
            Assert.True(expected.RepliedOnTime > 0 && expected.RepliedOnTime < expected.Replied);
            Assert.Contains(expected.KeySuggestions, k => k.LatestRating is not null);
        }
        Assert.True(expected.Total > 0);
        var options = new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        var (want, got) = exactUnitOrder
            ? (JsonSerializer.Serialize(expected, options), JsonSerializer.Serialize(actual, options))
            : (JsonSerializer.Serialize(SortUnits(expected), options), JsonSerializer.Serialize(SortUnits(actual), options));
        if (want != got)
        {
            // Both reports in full beside the test's temp files, for a diff.
            var folder = Path.Combine(Path.GetTempPath(), "supervisionflow-web-tests");
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(Path.Combine(folder, "statistics-in-memory.json"), want);
            await File.WriteAllTextAsync(Path.Combine(folder, "statistics-sql.json"), got);
        }
        Assert.Equal(want, got);
    }

    private static StatisticsReport SortUnits(StatisticsReport report) => report with
    {
        Overdue = [.. report.Overdue.Select(o => o with { Units = [.. o.Units.Order(StringComparer.Ordinal)] })],
        KeySuggestions = [.. report.KeySuggestions.Select(k => k with { Units = [.. k.Units.Order(StringComparer.Ordinal)] })],
    };

    /// <summary>400 suggestions over three sessions and 12 units; the same data every run (a fixed seed).</summary>
    private static async Task SeedAsync(AppDbContext db)
    {
        var faker = new Faker("zh_CN") { Random = new Randomizer(20261207) };
        var units = Enumerable.Range(1, 12).Select(i => $"u{i:00}").ToList();
        db.AddRange(units.Select(id => new HandlingUnit { Id = id, Name = faker.Company.CompanyName(), Kind = "政府部门" }));
        db.Add(new Leader { Id = "zhou", Name = "周副主任", Title = "常委会副主任", Kind = "主任会议成员" });
        db.Add(new Committee { Id = "cjw", Name = "城乡建设环境保护委员会" });
        var sessions = new[] { (18, 5), (18, 6), (19, 1) };
        var categories = new[] { "教科文卫体", "交通邮电", "农林水利", "财政经济", "政法" };
        var forms = new[] { "专题调研", "集中视察", "代表小组活动", null };
        var suggestions = new List<Suggestion>();
        for (var i = 0; i < 400; i++)
        {
            var (term, session) = faker.PickRandom(sessions);
            var kind = faker.Random.Bool(0.8f) ? SuggestionKind.Session : SuggestionKind.BetweenSession;
            var submitted = new DateTime(2026, 1, 10, 2, 0, 0, DateTimeKind.Utc).AddDays(faker.Random.Int(0, 60));
            var state = faker.PickRandom<SuggestionState>();
            var assigned = state is SuggestionState.UnderReview or SuggestionState.ReturnedForRevision or SuggestionState.AwaitingAssignment ? (DateTime?)null : submitted.AddDays(faker.Random.Int(5, 20));
            var due = assigned is { } a ? DateOnly.FromDateTime(a).AddMonths(3) : (DateOnly?)null;
            // Replies around the deadline, some at 16:00–23:59 UTC: the next China day, so late.
            DateTime? replied = due is { } d && faker.Random.Bool(0.6f)
                ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc).AddDays(faker.Random.Int(-20, 3)).AddHours(faker.PickRandom(3, 15, 17, 23))
                : null;
            var isKey = faker.Random.Bool(0.1f);
            var suggestion = new Suggestion
            {
                Term = term, Session = session, Number = i + 1, Kind = kind, Title = faker.Lorem.Sentence(), Content = faker.Lorem.Paragraph(),
                Category = faker.PickRandom(categories), FormedBy = faker.PickRandom(forms), LeadDeputyId = 1, State = state,
                SubmittedAt = submitted, AssignedAt = assigned, ReplyDueOn = due, FirstRepliedAt = replied,
                ResultClass = replied is null ? null : faker.PickRandom("A", "B", "C"),
                IsKey = isKey, KeyLeaderId = isKey ? "zhou" : null, KeyCommitteeId = isKey && faker.Random.Bool() ? "cjw" : null,
            };
            if (assigned is not null)
            {
                var picked = faker.PickRandom(units, faker.Random.Int(1, 3)).ToList();
                suggestion.Units.Add(new SuggestionUnit { UnitId = picked[0], Role = faker.Random.Bool(0.8f) ? UnitRole.Lead : UnitRole.Separate, IsActive = faker.Random.Bool(0.9f) });
                suggestion.Units.AddRange(picked.Skip(1).Select(u => new SuggestionUnit { UnitId = u, Role = UnitRole.Co }));
            }
            suggestions.Add(suggestion);
        }
        db.AddRange(suggestions);
        await db.SaveChangesAsync();
        foreach (var suggestion in suggestions.Where(s => s.FirstRepliedAt is not null))
        {
            var rounds = faker.Random.Int(1, 2);
            for (var round = 1; round <= rounds; round++)
            {
                var notEvaluated = faker.Random.Bool(0.15f);
                db.Add(new Evaluation
                {
                    SuggestionId = suggestion.Id, DeputyId = 1, Round = round, RecordedBy = "deputy1", RecordedAt = suggestion.FirstRepliedAt!.Value.AddDays(10 * round),
                    NotEvaluated = notEvaluated, Result = notEvaluated ? null : faker.PickRandom<Satisfaction>(),
                });
            }
        }
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();
    }

    private static AppDbContext Context(DatabaseProvider provider, string connectionString)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseExtensions.Configure(options, provider, connectionString);
        return new AppDbContext(options.Options);
    }
}
