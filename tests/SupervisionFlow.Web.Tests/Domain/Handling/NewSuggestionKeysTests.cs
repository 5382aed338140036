using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Domain.Handling;

/// <summary>
/// A filing takes its suggestion's id from the database's own key generator before the row is written (so the process
/// starts with it as business key in the same save): an id the generator has passed is never reused, the process,
/// its variables and the audit row carry the id the row got, and the generator's own inserts continue after it.
/// </summary>
public sealed class NewSuggestionKeysTests
{
    [Fact]
    public async Task SubmitSuggestion_SequenceAheadOfRows_TakesTheSequencesNextIdEverywhere_Sqlite()
    {
        await using var world = await CommandPipelineTests.StartAsync(null, null);
        await AssertIdsFollowTheSequenceAsync(world, "UPDATE sqlite_sequence SET seq = 41 WHERE name = 'suggestions'");
    }

    [PostgresFact]
    public async Task SubmitSuggestion_SequenceAheadOfRows_TakesTheSequencesNextIdEverywhere_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await using var world = await CommandPipelineTests.StartAsync(database, null);
        await AssertIdsFollowTheSequenceAsync(world, "SELECT setval(pg_get_serial_sequence('suggestions', 'Id'), 41)");
    }

    private static async Task AssertIdsFollowTheSequenceAsync(ScenarioWorld world, string moveSequenceTo41)
    {
        var first = await world.SubmitAsync();
        Assert.True(first.Id < 41);
        // As if suggestions up to 41 had been written and deleted: the sequence remembers them, the rows do not.
        await world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(moveSequenceTo41));

        var filed = await world.SubmitAsync(coSigners: [2, 3]);

        Assert.Equal(42, filed.Id);
        Assert.Equal(first.Number + 1, filed.Number);
        Assert.Equal("42", filed.BusinessKey);
        var stored = await world.SuggestionAsync(42);
        Assert.Equal(filed.ProcessInstanceId, stored.ProcessInstanceId);
        var coSigners = await world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<SuggestionCoSigner>()
            .Where(c => c.SuggestionId == 42).Select(c => c.DeputyId).OrderBy(d => d).ToListAsync());
        Assert.Equal([2, 3], coSigners);
        var instance = await world.Engine.GetInstanceAsync(filed.ProcessInstanceId!);
        Assert.Equal("42", instance!.BusinessKey);
        Assert.Equal(42, (int)instance.Variables["suggestionId"]!);
        Assert.Single(await world.OpenTasksAsync(42, "review"));
        var audit = await world.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .Where(a => a.Action == "suggestion.submitted").Select(a => a.SuggestionId).ToListAsync());
        Assert.Equal([first.Id, 42], audit.Order());

        // A row the database numbers itself (an insert without an id) comes after the one the filing took.
        var inserted = await world.WithScopeAsync(async s =>
        {
            var db = s.GetRequiredService<AppDbContext>();
            var row = new Suggestion
            {
                Kind = SuggestionKind.BetweenSession, Term = 18, Session = 5, Number = 1, Title = "直接写入的建议", Content = "内容",
                Category = "交通邮电", LeadDeputyId = 1, Disclosure = DisclosureConsent.Full, State = SuggestionState.UnderReview,
                SubmittedAt = world.Clock.GetUtcNow().UtcDateTime,
            };
            db.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        Assert.Equal(43, inserted);
    }
}
