using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Scenarios;

/// <summary>
/// The real host with the real <c>workflows/</c> files, calendar and profile, on a SQLite file and a manual clock
/// (Monday 2026-03-02 09:00 China time), with a small directory of deputies, units, a committee and a leader.
/// Drives suggestions through the domain services exactly as the pages do.
/// </summary>
public sealed class ScenarioWorld : IAsyncDisposable
{
    private readonly EngineApiHost _host;

    private ScenarioWorld(EngineApiHost host) => _host = host;

    public static Actor Office { get; } = new("lgw.li", "李主任", new HashSet<string> { Actor.OfficeGroup });

    public static Actor Leaders { get; } = new("leaders", "主任会议", new HashSet<string> { Actor.LeadersGroup });

    public static Actor Unit(string unitId) => new($"{unitId}.staff", $"{unitId}经办人", new HashSet<string> { Actor.UnitGroup(unitId) });

    public static Actor UnitHead(string unitId) => new($"{unitId}.head", $"{unitId}负责人", new HashSet<string> { Actor.UnitHeadGroup(unitId) });

    public static Actor Deputy(int id) => new($"deputy{id}", $"代表{id}", new HashSet<string> { Actor.DeputyGroup(id) });

    public static Actor Committee(string id) => new($"{id}.member", "专委会", new HashSet<string> { Actor.CommitteeGroup(id) });

    public static Actor Leader(string id) => new(id, "领导", new HashSet<string> { Actor.LeaderGroup(id) });

    public IServiceProvider Services => _host.Services;

    public ProcessEngine Engine => Services.GetRequiredService<ProcessEngine>();

    public ManualClock Clock => (ManualClock)Services.GetRequiredService<TimeProvider>();

    /// <summary>Starts the world; <paramref name="configureServices"/> adds test-only services (a fault interceptor).</summary>
    public static async Task<ScenarioWorld> StartAsync(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Engine:WorkflowsPath"] = RepoPaths.Workflows,
            ["Notifications:PickupDirectory"] = Path.Combine(Path.GetTempPath(), "supervisionflow-web-tests", $"mail-{Guid.NewGuid():N}"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var host = new EngineApiHost(all, configureServices);
        _ = host.Services; // starts the host: migrate, deploy workflows
        var world = new ScenarioWorld(host);
        await world.SeedDirectoryAsync();
        return world;
    }

    private async Task SeedDirectoryAsync()
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.AddRange(
            new Deputy { Id = 1, Name = "王建国", Delegation = "锦江区代表团", Email = "wangjg@example.cn", Phone = "13800000001" },
            new Deputy { Id = 2, Name = "李秀英", Delegation = "青羊区代表团", Email = "lixy@example.cn" },
            new Deputy { Id = 3, Name = "张伟", Delegation = "武侯区代表团", Email = "zhangw@example.cn" });
        db.AddRange(
            new HandlingUnit { Id = "jtj", Name = "市交通运输局", Kind = "政府部门", Email = "jtj@example.gov.cn", HeadName = "赵局长", HeadEmail = "jtj.head@example.gov.cn" },
            new HandlingUnit { Id = "gaj", Name = "市公安局", Kind = "政府部门", Email = "gaj@example.gov.cn", HeadName = "钱局长", HeadEmail = "gaj.head@example.gov.cn" },
            new HandlingUnit { Id = "zjj", Name = "市住房和城乡建设局", Kind = "政府部门", Email = "zjj@example.gov.cn", HeadName = "孙局长", HeadEmail = "zjj.head@example.gov.cn" });
        db.Add(new Committee { Id = "cjw", Name = "城乡建设环境保护委员会", Email = "cjw@example.gov.cn" });
        db.Add(new Leader { Id = "zhou", Name = "周副主任", Title = "常委会副主任", Kind = "主任会议成员", Email = "zhou@example.gov.cn" });
        await db.SaveChangesAsync();
    }

    public async Task<Suggestion> SubmitAsync(SuggestionKind kind = SuggestionKind.Session, string category = "交通邮电", int[]? coSigners = null)
    {
        using var scope = Services.CreateScope();
        var intake = scope.ServiceProvider.GetRequiredService<SuggestionIntakeService>();
        return await intake.SubmitAsync(new SubmitSuggestion(
            kind, 18, 5, "关于优化城区公交线网的建议", "建议对城区公交线网进行系统优化，增开社区微循环线路。", category, "专题调研", 1,
            coSigners ?? [2], DisclosureConsent.Full, false), Deputy(1));
    }

    /// <summary>The one open task at <paramref name="activityId"/> for the suggestion (in any of its process instances).</summary>
    public Task<TaskView> TaskAsync(int suggestionId, string activityId, string? candidateGroup = null) =>
        TaskAsync(suggestionId.ToString(CultureInfo.InvariantCulture), activityId, candidateGroup);

    /// <summary>The one open task at <paramref name="activityId"/> of the process instances with that business key.</summary>
    public async Task<TaskView> TaskAsync(string businessKey, string activityId, string? candidateGroup = null)
    {
        var tasks = await OpenTasksAsync(businessKey, activityId);
        if (candidateGroup is not null)
        {
            tasks = [.. tasks.Where(t => t.CandidateGroups.Contains(candidateGroup))];
        }
        Assert.True(tasks.Count == 1, $"expected one open '{activityId}' task, found {tasks.Count}; open: {string.Join(", ", (await OpenTasksAsync(businessKey, null)).Select(t => t.ActivityId))}");
        return tasks[0];
    }

    public Task<List<TaskView>> OpenTasksAsync(int suggestionId, string? activityId) =>
        OpenTasksAsync(suggestionId.ToString(CultureInfo.InvariantCulture), activityId);

    public async Task<List<TaskView>> OpenTasksAsync(string businessKey, string? activityId) =>
        [.. await Engine.FindTasksAsync(new TaskQuery(BusinessKey: businessKey, ActivityId: activityId))];

    /// <summary>Completes the suggestion's open task through its form, as <paramref name="actor"/>.</summary>
    public Task<TaskView> CompleteAsync(int suggestionId, string activityId, Actor actor, object values, string? candidateGroup = null) =>
        CompleteAsync(suggestionId.ToString(CultureInfo.InvariantCulture), activityId, actor, values, candidateGroup);

    /// <summary>Completes the open task of the instances with that business key through its form.</summary>
    public async Task<TaskView> CompleteAsync(string businessKey, string activityId, Actor actor, object values, string? candidateGroup = null)
    {
        var task = await TaskAsync(businessKey, activityId, candidateGroup);
        using var scope = Services.CreateScope();
        var forms = scope.ServiceProvider.GetRequiredService<TaskFormService>();
        await forms.SubmitAsync(task.Id, actor, System.Text.Json.JsonSerializer.SerializeToNode(values)!.AsObject());
        return task;
    }

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        using var scope = Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    public async Task<Suggestion> SuggestionAsync(int id)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<Suggestion>().AsNoTracking().Include(s => s.Units).SingleAsync(s => s.Id == id);
    }

    public async Task<List<T>> RecordsAsync<T>(int suggestionId)
        where T : HandlingRecord
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Set<T>().AsNoTracking().Where(r => r.SuggestionId == suggestionId).OrderBy(r => r.Id).ToListAsync();
    }

    /// <summary>Moves the clock and fires what fell due (timers, service-task retries).</summary>
    public async Task<int> AdvanceAsync(string isoDuration)
    {
        Clock.Advance(IsoDuration.Parse(isoDuration));
        return await Engine.FireDueJobsAsync();
    }

    /// <summary>Review (accept) and assign one suggestion at a 交办会.</summary>
    public async Task AcceptAndAssignAsync(int suggestionId, string lead, string[] others, bool isKey = false, HandlingMode mode = HandlingMode.LeadWithCo)
    {
        await CompleteAsync(suggestionId, "review", Office, new { decision = "accept" });
        await WithScopeAsync(async services =>
        {
            var meetings = services.GetRequiredService<AssignmentMeetingService>();
            var meeting = await meetings.CreateMeetingAsync("第十八届人大五次会议代表建议交办会", new DateOnly(2026, 3, 2), "市人大常委会机关", Office);
            return await meetings.AssignAsync(meeting.Id, [new AssignmentOrder(suggestionId, lead, others, mode, isKey, isKey ? "zhou" : null, isKey ? "cjw" : null)], Office);
        });
    }

    /// <summary>A unit works its part from 签收 to the reply sign-off and 办后回访.</summary>
    public async Task HandleAsync(int suggestionId, string unit, string resultClass = "A", string[]? coUnits = null, bool isKey = false)
    {
        await CompleteAsync(suggestionId, "acknowledge", Unit(unit), new { ackDecision = "accept" }, Actor.UnitGroup(unit));
        await CompleteAsync(suggestionId, "plan", Unit(unit), new { handlerName = "刘经办", handlerPhone = "028-1234567", plan = "会同相关部门调研论证，分步实施。", plannedCompletionOn = "2026-05-20" }, Actor.UnitGroup(unit));
        await AdvanceAsync("P3D");
        await CompleteAsync(suggestionId, "visitBefore", Unit(unit), new { contactedOn = Today(), method = "上门拜访", summary = "听取代表意见，明确办理重点。" }, Actor.UnitGroup(unit));
        foreach (var co in coUnits ?? [])
        {
            await CompleteAsync(suggestionId, "coOpinion", Unit(co), new { opinion = "同意主办单位意见，配合做好相关工作。" }, Actor.UnitGroup(co));
        }
        await AdvanceAsync("P20D");
        await CompleteAsync(suggestionId, "visitDuring", Unit(unit), new { contactedOn = Today(), method = "现场察看", summary = "陪同代表察看线路优化现场。" }, Actor.UnitGroup(unit));
        await CompleteAsync(suggestionId, "draftReply", Unit(unit), new { resultClass, text = "经研究，已新开社区微循环线路3条。" }, Actor.UnitGroup(unit));
        if (isKey)
        {
            await CompleteAsync(suggestionId, "committeeOpinion", Committee("cjw"), new { committeeAgrees = true, opinion = "同意答复。" });
            await CompleteAsync(suggestionId, "leaderApproval", Leader("zhou"), new { leaderApproves = true, comment = "同意。" });
        }
        await CompleteAsync(suggestionId, "signOff", UnitHead(unit), new { signedBy = "赵局长" }, Actor.UnitHeadGroup(unit));
        await CompleteAsync(suggestionId, "visitAfter", Unit(unit), new { contactedOn = Today(), method = "电话", summary = "回访代表，代表表示认可。", deputyView = "满意" }, Actor.UnitGroup(unit));
    }

    public string Today() => Web.Domain.Calendar.ChinaTime.Today(Clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public Task EvaluateAsync(int suggestionId, int deputyId, string result, string? comment = null) =>
        CompleteAsync(suggestionId, "evaluate", Deputy(deputyId), new { attitude = result, result, comment }, Actor.DeputyGroup(deputyId));

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    public static JsonObject Json(object values) => System.Text.Json.JsonSerializer.SerializeToNode(values)!.AsObject();
}
