using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Domain.Comments;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Tests.Domain.Handling;
using SupervisionFlow.Web.Tests.Domain.Operations;
using SupervisionFlow.Web.Tests.Scenarios;
using SupervisionFlow.Web.Tests.TestSupport;
using static SupervisionFlow.Web.Tests.Scenarios.ScenarioWorld;

namespace SupervisionFlow.Web.Tests.Domain.Comments;

/// <summary>
/// 沟通记录 through the service on a suggestion handled by jtj (lead deputy 1, co-signer 2): who reads which message,
/// who may write to whom, the notices in the outbox, the configured length limit and a failed save.
/// </summary>
public sealed class SuggestionCommentsTests
{
    private static Task<T> CommentsAsync<T>(ScenarioWorld w, Func<SuggestionComments, Task<T>> work) =>
        w.WithScopeAsync(s => work(s.GetRequiredService<SuggestionComments>()));

    private static Task<SuggestionComment> PostAsync(ScenarioWorld w, int id, CommentAudience audience, string body, Actor actor) =>
        CommentsAsync(w, c => c.PostAsync(id, audience, body, actor));

    private static async Task<List<string>> SeenAsync(ScenarioWorld w, int id, Actor actor) =>
        [.. (await CommentsAsync(w, c => c.ThreadAsync(id, actor))).Messages.Select(m => m.Body)];

    private static Task<List<OutboxMessage>> OutboxAsync(ScenarioWorld w, int id) =>
        w.WithScopeAsync(s => s.GetRequiredService<AppDbContext>().Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.SuggestionId == id && m.DedupKey.StartsWith("comment:")).ToListAsync());

    [Fact]
    public async Task Thread_EachRoleSeesItsAudiences_OthersRefused()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);

        await PostAsync(w, id, CommentAudience.OfficeAndDeputy, "测评前请再与承办单位沟通一次。", Office);
        await PostAsync(w, id, CommentAudience.OfficeAndUnits, "拜访时间请提前一周告知联工委。", Unit("jtj"));
        await PostAsync(w, id, CommentAudience.All, "感谢承办单位的答复。", Deputy(1));

        Assert.Equal(["测评前请再与承办单位沟通一次。", "拜访时间请提前一周告知联工委。", "感谢承办单位的答复。"], await SeenAsync(w, id, Office));
        Assert.Equal(["拜访时间请提前一周告知联工委。", "感谢承办单位的答复。"], await SeenAsync(w, id, Unit("jtj")));
        Assert.Equal(["测评前请再与承办单位沟通一次。", "感谢承办单位的答复。"], await SeenAsync(w, id, Deputy(1)));
        // The co-signer reads what is meant for the deputies but does not write.
        Assert.Equal(["测评前请再与承办单位沟通一次。", "感谢承办单位的答复。"], await SeenAsync(w, id, Deputy(2)));
        Assert.Empty((await CommentsAsync(w, c => c.ThreadAsync(id, Deputy(2)))).CanPostTo);

        await Assert.ThrowsAsync<HandlingForbiddenException>(() => CommentsAsync(w, c => c.ThreadAsync(id, Unit("gaj"))));
        await Assert.ThrowsAsync<HandlingForbiddenException>(() => CommentsAsync(w, c => c.ThreadAsync(id, Deputy(3))));
        await Assert.ThrowsAsync<HandlingForbiddenException>(() => PostAsync(w, id, CommentAudience.All, "越权留言", Unit("gaj")));
        await Assert.ThrowsAsync<HandlingForbiddenException>(() => PostAsync(w, id, CommentAudience.All, "越权留言", Deputy(3)));
        Assert.Equal(3, (await SeenAsync(w, id, Office)).Count);
    }

    [Fact]
    public async Task Post_UnitToOfficeAndDeputyOnly_Refused()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);

        var refused = await Assert.ThrowsAsync<HandlingValidationException>(() => PostAsync(w, id, CommentAudience.OfficeAndDeputy, "想看测评", Unit("jtj")));
        Assert.Equal("请选择可以发送的对象", refused.FieldErrors["audience"]);
        await Assert.ThrowsAsync<HandlingValidationException>(() => PostAsync(w, id, CommentAudience.OfficeAndUnits, "代表不能单发单位", Deputy(1)));
        Assert.Empty(await SeenAsync(w, id, Office));
    }

    [Fact]
    public async Task Post_ByUnitToAll_NotifiesOfficeAndLeadDeputyNotItself_AndAudited()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);

        await PostAsync(w, id, CommentAudience.All, "拟于下周二上门拜访。", Unit("jtj"));

        var outbox = await OutboxAsync(w, id);
        Assert.Equal([OfficeAddress(w), "wangjg@example.cn"], outbox.Select(m => m.To).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(outbox, m => m.To == "jtj@example.gov.cn");
        Assert.Contains(outbox, m => m.To == "wangjg@example.cn" && m.Body.Contains("拟于下周二上门拜访。", StringComparison.Ordinal));
        var audit = Assert.Single(await OperationsWorld.AuditAsync(w, id), a => a.Action == SuggestionComments.Posted);
        Assert.Equal("jtj.staff", audit.Actor);
        Assert.DoesNotContain("拜访", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OfficeToUnitsOnly_NotifiesUnitsNotDeputy_AndKeptOffTheDeputysTimeline()
    {
        await using var w = await ScenarioWorld.StartAsync();
        var id = await OperationsWorld.AtVisitBeforeAsync(w);

        await PostAsync(w, id, CommentAudience.OfficeAndUnits, "请尽快安排办前拜访。", Office);

        var outbox = await OutboxAsync(w, id);
        Assert.Equal(["jtj@example.gov.cn"], outbox.Select(m => m.To));
        Assert.DoesNotContain(await OperationsWorld.TimelineAsync(w, id, Deputy(1)), t => t.What == "沟通记录");
        Assert.Contains(await OperationsWorld.TimelineAsync(w, id, Office), t => t.What == "沟通记录");
    }

    [Fact]
    public async Task Post_LongerThanConfiguredLimit_RefusedInChineseNothingStored()
    {
        await using var w = await ScenarioWorld.StartAsync(new Dictionary<string, string?> { ["Comments:MaxLength"] = "10" });
        var id = await OperationsWorld.AtVisitBeforeAsync(w);

        var refused = await Assert.ThrowsAsync<HandlingValidationException>(() => PostAsync(w, id, CommentAudience.All, "这是一条超过十个字的留言内容", Office));
        Assert.Equal("留言不能超过 10 个字（现有 14 个字）", refused.Message);
        await Assert.ThrowsAsync<HandlingValidationException>(() => PostAsync(w, id, CommentAudience.All, "   ", Office));
        await PostAsync(w, id, CommentAudience.All, "十个字以内的留言", Office);

        Assert.Equal(["十个字以内的留言"], await SeenAsync(w, id, Office));
    }

    [Fact]
    public Task Post_FinalSaveFails_NoCommentNoAuditNoOutboxRow_RetrySucceeds_Sqlite() => FailedSaveAsync(null);

    [PostgresFact]
    public async Task Post_FinalSaveFails_NoCommentNoAuditNoOutboxRow_RetrySucceeds_PostgreSql()
    {
        await using var database = await TestPostgres.CreateAsync();
        await FailedSaveAsync(database);
    }

    private static async Task FailedSaveAsync(TestPostgres? database)
    {
        var faults = new FailingSaveInterceptor();
        await using var w = await CommandPipelineTests.StartAsync(database, faults);
        var id = (await w.SubmitAsync()).Id;
        var before = await DatabaseSnapshot.TakeAsync(w.Services);

        faults.FailNextSave();
        await Assert.ThrowsAsync<DbUpdateException>(() => PostAsync(w, id, CommentAudience.OfficeAndDeputy, "请补充调研材料。", Office));

        Assert.Equal(1, faults.Failures);
        (await DatabaseSnapshot.TakeAsync(w.Services)).AssertSameAs(before);
        await PostAsync(w, id, CommentAudience.OfficeAndDeputy, "请补充调研材料。", Office);
        Assert.Equal(["请补充调研材料。"], await SeenAsync(w, id, Deputy(1)));
        Assert.Equal(["wangjg@example.cn"], (await OutboxAsync(w, id)).Select(m => m.To));
        Assert.Contains(await OperationsWorld.AuditAsync(w, id), a => a.Action == SuggestionComments.Posted);
    }

    private static string OfficeAddress(ScenarioWorld w) =>
        w.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationsOptions>>().Value.OfficeEmail;
}
