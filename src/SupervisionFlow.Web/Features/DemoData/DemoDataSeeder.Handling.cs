using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.DemoData;

// The handling after the 交办会, phase by phase on working days counted from the meeting: 签收 (day 2, re-assignment
// requests decided on day 4), 三定 (8), 办前拜访 (12), 会办意见 (18), 办中走访 (22), 延期 (24/27), 拟写答复 (28),
// 专委会意见 and 领导审批 for key suggestions (30/32), 签发 and 送达 (36), 办后回访 (38), 测评 (40), then 约谈 and
// 重新办理 for the unsatisfied (42–48). A few units work fast and reply within three weeks (the early track).
public sealed partial class DemoDataSeeder
{
    private static readonly string[] EarlyTrack =
        ["plan", "visitBefore", "coOpinion", "visitDuring", "draftReply", "committeeOpinion", "leaderApproval", "signOff", "visitAfter"];

    private static readonly Dictionary<string, DemoStage> StageOfActivity = new(StringComparer.Ordinal)
    {
        ["plan"] = DemoStage.Planned,
        ["visitBefore"] = DemoStage.VisitedBefore,
        ["coOpinion"] = DemoStage.CoOpinions,
        ["visitDuring"] = DemoStage.VisitedDuring,
        ["draftReply"] = DemoStage.Drafted,
        ["committeeOpinion"] = DemoStage.Replied,
        ["leaderApproval"] = DemoStage.Replied,
        ["signOff"] = DemoStage.Replied,
        ["visitAfter"] = DemoStage.VisitedAfter,
    };

    private readonly HashSet<int> _reassignAsked = [];
    private readonly HashSet<int> _leaderReturned = [];
    private DateOnly _meetingOn;

    private async Task HandleAsync(DateOnly meetingOn)
    {
        _meetingOn = meetingOn;
        DateOnly Day(int workingDays) => calendar.AddWorkingDays(meetingOn, workingDays);

        await CompleteTasksAsync("acknowledge", Day(2), Acknowledge);
        await CompleteTasksAsync("decideReassignment", Day(4), (plan, _) => plan.Reassign == true
            ? new JsonObject { ["reassignApproved"] = true, ["toUnitId"] = plan.ReassignTo, ["reason"] = "经核实，该建议事项属于调整后单位的职责范围。" }
            : new JsonObject { ["reassignApproved"] = false, ["reason"] = "该建议事项属于你单位职责范围，请签收办理。" });
        await CompleteTasksAsync("acknowledge", Day(5), Acknowledge);
        await CompleteTasksAsync("plan", Day(8), (plan, task) => plan.Reaches(DemoStage.Planned) && !plan.Early ? Plan(plan, task) : null);

        for (var i = 0; i < EarlyTrack.Length; i++)
        {
            var activity = EarlyTrack[i];
            await CompleteTasksAsync(activity, Day(9 + i), (plan, task) =>
                plan.Early && plan.Reaches(StageOfActivity[activity]) ? ValuesFor(activity, plan, task) : null);
        }
        await CompleteTasksAsync("evaluate", Day(9 + EarlyTrack.Length + 1), (plan, task) =>
            plan.Early && plan.Stage == DemoStage.Evaluated ? Evaluate(plan, task, plan.Rating) : null);

        await CompleteTasksAsync("visitBefore", Day(12), (plan, task) => plan.Reaches(DemoStage.VisitedBefore) ? Contact(plan, task, "visitBefore") : null);
        await WithdrawAsync(Day(15));
        await CompleteTasksAsync("coOpinion", Day(18), (plan, task) => plan.Reaches(DemoStage.CoOpinions) ? CoOpinion(plan) : null);
        await CompleteTasksAsync("visitDuring", Day(22), (plan, task) => plan.Reaches(DemoStage.VisitedDuring) ? Contact(plan, task, "visitDuring") : null);
        await RequestExtensionsAsync(Day(24));
        await CompleteTasksAsync("decideExtension", Day(27), (plan, _) => plan.Extension == true
            ? new JsonObject { ["approved"] = true, ["decisionNote"] = "情况属实，同意延期答复，请抓紧办理。" }
            : new JsonObject { ["approved"] = false, ["decisionNote"] = "该建议办理难度不大，应在规定期限内答复。" });
        await CompleteTasksAsync("draftReply", Day(28), (plan, task) => plan.Reaches(DemoStage.Drafted) ? Reply(plan, plan.ResultClass) : null);
        await CompleteTasksAsync("committeeOpinion", Day(30), (plan, _) => plan.Reaches(DemoStage.Replied) ? CommitteeOpinion() : null);
        await CompleteTasksAsync("leaderApproval", Day(32), (plan, _) => plan.Reaches(DemoStage.Replied) ? LeaderApproval(plan) : null);
        // The reply the leader sent back: redrafted, and through the committee and the leader again.
        await CompleteTasksAsync("draftReply", Day(33), (plan, _) => plan.LeaderReturns && plan.Reaches(DemoStage.Drafted) ? Reply(plan, plan.ResultClass) : null);
        await CompleteTasksAsync("committeeOpinion", Day(34), (plan, _) => plan.LeaderReturns ? CommitteeOpinion() : null);
        await CompleteTasksAsync("leaderApproval", Day(35), (plan, _) => plan.LeaderReturns ? LeaderApproval(plan) : null);
        await CompleteTasksAsync("signOff", Day(36), (plan, task) => plan.Reaches(DemoStage.Replied) ? SignOff(task) : null);
        await CompleteTasksAsync("visitAfter", Day(38), (plan, task) => plan.Reaches(DemoStage.VisitedAfter) ? Contact(plan, task, "visitAfter") : null);
        await CompleteTasksAsync("evaluate", Day(40), (plan, task) =>
            plan.Stage == DemoStage.Evaluated && !plan.Early && plan.Reaches(DemoStage.Evaluated) ? Evaluate(plan, task, plan.Rating) : null);

        // 不满意: 约谈, 重新办理 within the re-handling period, a new reply and a new evaluation.
        await CompleteTasksAsync("interview", Day(42), (plan, _) => Interview(plan));
        await CompleteTasksAsync("rehandle", Day(45), (plan, _) => Reply(plan, plan.StillUnsatisfied ? plan.ResultClass : "B", rehandled: true));
        await CompleteTasksAsync("rehandleSignOff", Day(46), (_, task) => SignOff(task));
        await CompleteTasksAsync("evaluate", Day(48), (plan, task) => plan.Rating == Satisfaction.Unsatisfied
            ? Evaluate(plan, task, plan.StillUnsatisfied ? Satisfaction.Unsatisfied : Satisfaction.BasicallySatisfied)
            : null);
        await CompleteTasksAsync("proposeInquiry", Day(50), (plan, _) => new JsonObject
        {
            ["topicTitle"] = $"关于{UnitName(plan.LeadUnit)}代表建议办理工作的专题询问",
            ["groupBy"] = "unit",
        });
        await MoveToAsync(Day(50), 1, 1);
    }

    private JsonObject? Acknowledge(DemoPlan plan, TaskView task)
    {
        if (!plan.Reaches(DemoStage.Acknowledged))
        {
            return null;
        }
        if (plan.Reassign is not null && UnitOf(task) == plan.LeadUnit && _reassignAsked.Add(plan.SuggestionId))
        {
            return new JsonObject
            {
                ["ackDecision"] = "reassign",
                ["reason"] = $"该建议涉及的{plan.Topic}不属于我单位职责范围，建议调整由相关部门主办。",
            };
        }
        return new JsonObject { ["ackDecision"] = "accept" };
    }

    private JsonObject ValuesFor(string activity, DemoPlan plan, TaskView task) => activity switch
    {
        "plan" => Plan(plan, task),
        "visitBefore" or "visitDuring" or "visitAfter" => Contact(plan, task, activity),
        "coOpinion" => CoOpinion(plan),
        "draftReply" => Reply(plan, plan.ResultClass),
        "committeeOpinion" => CommitteeOpinion(),
        "leaderApproval" => LeaderApproval(plan),
        _ => SignOff(task),
    };

    private JsonObject Plan(DemoPlan plan, TaskView task)
    {
        var today = Today();
        var replyDue = profile.Value.Compute("reply", _meetingOn, calendar);
        var planned = today.AddDays(_faker.Random.Int(20, 50));
        if (planned > replyDue)
        {
            planned = replyDue < today ? today : replyDue;
        }
        var unit = UnitOf(task);
        return new JsonObject
        {
            ["handlerName"] = _unitHandlers.GetValueOrDefault(unit, "经办人"),
            ["handlerPhone"] = OfficePhone(),
            ["plan"] = $"成立由分管负责人牵头的办理专班，{planned.AddDays(-15):M月d日}前完成现场调研和论证，"
                       + $"{planned:M月d日}前落实{plan.Topic}的具体措施并书面答复代表。",
            ["plannedCompletionOn"] = Iso(planned),
        };
    }

    private JsonObject Contact(DemoPlan plan, TaskView task, string activity)
    {
        var today = Today();
        var contactedOn = today.AddDays(-_faker.Random.Int(0, 2));
        if (contactedOn < _meetingOn)
        {
            contactedOn = today;
        }
        var unit = UnitOf(task);
        var deputy = _deputyNames.GetValueOrDefault(plan.LeadDeputyId, "代表");
        var (methods, summary, view) = activity switch
        {
            "visitBefore" => (new[] { "上门拜访", "座谈", "电话", "视频" },
                $"向{deputy}代表通报办理方案，听取代表对{plan.Topic}的具体意见和建议。", (string?)null),
            "visitDuring" => (new[] { "现场察看", "座谈", "上门拜访" },
                $"邀请{deputy}代表实地察看{plan.Topic}推进情况，通报阶段性进展。", _faker.PickRandom("希望加快进度", "认可目前的工作进展", "建议扩大覆盖范围")),
            _ => (new[] { "电话", "上门拜访", "座谈" },
                $"答复后回访{deputy}代表，听取代表对答复内容和办理工作的意见。",
                _faker.PickRandom("对办理工作表示满意", "对办理态度满意，希望持续跟进落实", "认可答复内容", "希望尽快落实答复中的承诺事项")),
        };
        return new JsonObject
        {
            ["contactedOn"] = Iso(contactedOn),
            ["method"] = _faker.PickRandom(methods),
            ["participants"] = $"{_unitHandlers.GetValueOrDefault(unit, "经办人")}、{deputy}代表",
            ["summary"] = summary,
            ["deputyView"] = view,
        };
    }

    private JsonObject CoOpinion(DemoPlan plan) => new()
    {
        ["opinion"] = $"我单位同意主办单位的办理意见，将在职责范围内{_faker.PickRandom(plan.Category.Measures)}，并配合做好答复工作。",
    };

    private JsonObject Reply(DemoPlan plan, string resultClass, bool rehandled = false)
    {
        var measures = string.Join("；", _faker.PickRandom(plan.Category.Measures, 2));
        var text = resultClass switch
        {
            "A" => $"您提出的《{plan.Title}》收悉。经认真研究，我们已{measures}，您建议的问题已基本解决。",
            "B" => $"您提出的《{plan.Title}》收悉。该事项已列入年度工作计划，目前正在{measures}，预计年底前完成，我们将及时向您报告进展。",
            "C" => $"您提出的《{plan.Title}》收悉。经研究，受资金和用地等条件限制，该事项目前暂时难以全部解决，我们将积极创造条件，逐步推进。",
            _ => $"您提出的《{plan.Title}》收悉，我们将在今后工作中认真参考。",
        };
        if (rehandled)
        {
            text = "针对您的测评意见，我们进行了重新办理：" + text;
        }
        return new JsonObject { ["resultClass"] = resultClass, ["text"] = text };
    }

    private static JsonObject CommitteeOpinion() => new() { ["committeeAgrees"] = true, ["opinion"] = "答复内容具体，措施可行，同意答复。" };

    private JsonObject LeaderApproval(DemoPlan plan)
    {
        if (plan.LeaderReturns && _leaderReturned.Add(plan.SuggestionId))
        {
            return new JsonObject { ["leaderApproves"] = false, ["comment"] = "答复中的措施和时间节点不够具体，请修改后再报。" };
        }
        return new JsonObject { ["leaderApproves"] = true, ["comment"] = "同意。请抓好落实。" };
    }

    private JsonObject SignOff(TaskView task) => new() { ["signedBy"] = _unitHeads.GetValueOrDefault(UnitOf(task), "单位负责人") };

    private JsonObject Evaluate(DemoPlan plan, TaskView task, Satisfaction result)
    {
        var attitude = result == Satisfaction.Unsatisfied
            ? _faker.PickRandom(Satisfaction.BasicallySatisfied, Satisfaction.Unsatisfied)
            : _faker.Random.Bool(0.9f) ? Satisfaction.Satisfied : Satisfaction.BasicallySatisfied;
        return new JsonObject
        {
            ["attitude"] = attitude.ToString(),
            ["result"] = result.ToString(),
            ["comment"] = result switch
            {
                Satisfaction.Unsatisfied => $"答复避重就轻，{plan.Topic}的问题没有实质性进展。",
                Satisfaction.BasicallySatisfied => "希望加快落实进度。",
                _ => _faker.Random.Bool(0.3f) ? "办理认真，效果明显。" : null,
            },
        };
    }

    private JsonObject Interview(DemoPlan plan) => new()
    {
        ["heldOn"] = Iso(Today()),
        ["participants"] = $"联工委、{UnitName(plan.LeadUnit)}负责人{_unitHeads.GetValueOrDefault(plan.LeadUnit, "")}",
        ["summary"] = "约谈承办单位负责人，通报代表不满意的意见，要求重新研究办理措施，一个月内重新答复。",
    };

    private async Task WithdrawAsync(DateOnly day)
    {
        await MoveToAsync(day);
        foreach (var plan in _plansBySuggestion.Values.Where(p => p.Withdraw).OrderBy(p => p.SuggestionId))
        {
            await RunAsync($"撤回建议 {plan.SuggestionId}", async services =>
            {
                await services.GetRequiredService<SuggestionActions>().WithdrawAsync(
                    plan.SuggestionId, "所反映问题已由所在区协调解决，经与承办单位沟通，书面申请撤回该建议。", DeputyActor(plan.LeadDeputyId), _cancellationToken);
                return true;
            });
        }
    }

    private async Task RequestExtensionsAsync(DateOnly day)
    {
        await MoveToAsync(day);
        var replyDue = profile.Value.Compute("reply", _meetingOn, calendar);
        foreach (var plan in _plansBySuggestion.Values.Where(p => p.Extension is not null && p.Reaches(DemoStage.Planned)).OrderBy(p => p.SuggestionId))
        {
            await RunAsync($"申请延期 {plan.SuggestionId}", async services =>
            {
                await services.GetRequiredService<SuggestionActions>().RequestExtensionAsync(
                    plan.SuggestionId, plan.LeadUnit, $"{plan.Topic}涉及多个部门和较大资金投入，需进一步论证，申请延期答复。",
                    replyDue.AddMonths(1), UnitActor(plan.LeadUnit), _cancellationToken);
                return true;
            });
        }
    }

    /// <summary>Completes, through its form and as the group it is offered to, every open task at the activity whose plan gives values.</summary>
    private async Task CompleteTasksAsync(string activityId, DateOnly day, Func<DemoPlan, TaskView, JsonObject?> values)
    {
        await MoveToAsync(day);
        var tasks = await OpenTasksAsync(activityId);
        var work = tasks
            .Select(t => (Task: t, Plan: int.TryParse(t.BusinessKey, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? _plansBySuggestion.GetValueOrDefault(id) : null))
            .Where(x => x.Plan is not null)
            .OrderBy(x => x.Plan!.SuggestionId).ThenBy(x => string.Join(',', x.Task.CandidateGroups), StringComparer.Ordinal)
            .Select(x => (x.Task, Plan: x.Plan!, Values: values(x.Plan!, x.Task)))
            .Where(x => x.Values is not null)
            .ToList();
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < work.Count; i++)
        {
            var (task, plan, input) = work[i];
            await MoveToAsync(day, i, work.Count);
            await RunAsync($"{task.Name}（{activityId}）建议 {plan.SuggestionId}", async services =>
            {
                await services.GetRequiredService<TaskFormService>().SubmitAsync(task.Id, ActorFor(task), input!, _cancellationToken);
                return true;
            });
        }
        if (work.Count > 0)
        {
            _phases.Add(new DemoDataPhase(activityId, work.Count, stopwatch.Elapsed));
        }
    }

    /// <summary>
    /// Every open task at the activity, read from the task rows (the engine's task list is a page, and a national
    /// session has ~10,000 open tasks at one activity). Variables are left empty: the plans say what to submit.
    /// </summary>
    private async Task<List<TaskView>> OpenTasksAsync(string activityId)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var tasks = await db.Set<UserTaskRecord>().AsNoTracking().Include(t => t.Candidates).Where(t => t.ActivityId == activityId)
            .ToListAsync(_cancellationToken);
        return [.. tasks.Select(t => new TaskView(
            t.Id, t.Name, t.ActivityId, t.ProcessInstanceId, t.DefinitionKey, t.BusinessKey, t.Assignee,
            [.. t.Candidates.Where(c => c.Kind == "group").Select(c => c.Value)], [.. t.Candidates.Where(c => c.Kind == "user").Select(c => c.Value)],
            t.DueAt, t.FollowUpAt, t.Priority, t.FormKey, t.CreatedAt, [], []))];
    }

    /// <summary>Runs one action in a scope of its own; a refusal is recorded as a failure (and reported), not thrown.</summary>
    private async Task<T?> RunAsync<T>(string what, Func<IServiceProvider, Task<T>> action)
    {
        using var scope = scopes.CreateScope();
        try
        {
            return await action(scope.ServiceProvider);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var message = $"{what}：{e.GetType().Name}：{e.Message}";
            _failures.Add(message);
            logger.LogWarning(e, "Demo data: {Action} failed", message);
            return default;
        }
    }

    /// <summary>On a manual clock: moves to <paramref name="day"/> (the <paramref name="ordinal"/>-th of <paramref name="of"/> actions spread over the working hours) and fires what fell due.</summary>
    private async Task MoveToAsync(DateOnly day, int ordinal = 0, int of = 1)
    {
        if (clock is not ManualClock manual)
        {
            return;
        }
        var target = ChinaTime.StartOfDay(day).AddHours(9).AddTicks(TimeSpan.FromHours(8).Ticks * ordinal / Math.Max(1, of));
        if (target > manual.GetUtcNow())
        {
            manual.Set(target);
        }
        if (ordinal == 0)
        {
            await engine.FireDueJobsAsync(_cancellationToken);
        }
    }

    private Actor ActorFor(TaskView task)
    {
        var group = task.CandidateGroups.FirstOrDefault() ?? Actor.OfficeGroup;
        var colon = group.IndexOf(':', StringComparison.Ordinal);
        var (kind, id) = colon < 0 ? (group, "") : (group[..colon], group[(colon + 1)..]);
        return kind switch
        {
            Actor.OfficeGroup => Office,
            "unit" => UnitActor(id),
            "unitHead" => new Actor($"{id}.fzr", _unitHeads.GetValueOrDefault(id, id), new HashSet<string> { group }),
            "deputy" => DeputyActor(int.Parse(id, CultureInfo.InvariantCulture)),
            "committee" => new Actor($"{id}.wy", DemoCatalog.Committees.FirstOrDefault(c => c.Id == id)?.Name ?? id, new HashSet<string> { group }),
            "leader" => new Actor(id, DemoCatalog.Leaders.FirstOrDefault(l => l.Id == id)?.Name ?? id, new HashSet<string> { group, Actor.LeadersGroup }),
            _ => new Actor(group, group, new HashSet<string> { group }),
        };
    }

    private Actor UnitActor(string unitId) =>
        new($"{unitId}.jbr", _unitHandlers.GetValueOrDefault(unitId, unitId), new HashSet<string> { Actor.UnitGroup(unitId) });

    private Actor DeputyActor(int deputyId) =>
        new(string.Create(CultureInfo.InvariantCulture, $"deputy{deputyId}"), _deputyNames.GetValueOrDefault(deputyId, "代表"),
            new HashSet<string> { Actor.DeputyGroup(deputyId) });

    private static string UnitOf(TaskView task) =>
        task.CandidateGroups.Select(g => g.StartsWith("unit:", StringComparison.Ordinal) ? g[5..] : g.StartsWith("unitHead:", StringComparison.Ordinal) ? g[9..] : null)
            .FirstOrDefault(u => u is not null) ?? "";

    private string UnitName(string unitId) => _units.FirstOrDefault(u => u.Id == unitId)?.Name ?? unitId;

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
