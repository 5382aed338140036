using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Calendar;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Domain.Handling.Forms;
using SupervisionFlow.Web.Domain.Profile;
using SupervisionFlow.Web.Domain.Suggestions;

namespace SupervisionFlow.Web.Features.DemoData;

/// <summary>
/// How many deputies, suggestions and handling units to seed, and (on a manual clock) the first day of the session.
/// Units beyond the city's own 40 are district branches, which then share the city units' suggestions.
/// </summary>
public sealed record DemoDataSize(int Deputies, int Suggestions, DateOnly? SessionStart = null, int Units = 40);

/// <summary>One step of the seeding: how many actions it took and how long they ran.</summary>
public sealed record DemoDataPhase(string Name, int Actions, TimeSpan Elapsed);

/// <summary>What the seeder did; <see cref="SkippedReason"/> is set when it did nothing.</summary>
public sealed record DemoDataResult(
    string? SkippedReason,
    int Deputies,
    int Units,
    int Committees,
    int Leaders,
    int Suggestions,
    int Assigned,
    DateOnly? SessionStart,
    DateOnly? MeetingOn,
    DateOnly? EndedOn,
    TimeSpan Elapsed,
    IReadOnlyList<string> Failures,
    IReadOnlyList<DemoDataPhase> Phases)
{
    public bool Skipped => SkippedReason is not null;

    public static DemoDataResult Skip(string reason) => new(reason, 0, 0, 0, 0, 0, 0, null, null, null, TimeSpan.Zero, [], []);
}

/// <summary>
/// Fills an empty database with a realistic 第十八届人大第五次会议: a directory of units, committees, leaders and
/// deputies (Bogus, zh_CN, fixed seed), the session's suggestions, their review, one 交办会 that assigns every accepted
/// suggestion, and handling advanced to different stages — all through the same services the pages use
/// (<see cref="SuggestionIntakeService"/>, <see cref="AssignmentMeetingService"/>, <see cref="TaskFormService"/>,
/// <see cref="SuggestionActions"/>), as the actor each task is offered to. On a manual clock the clock walks through the
/// session's timeline (review a week after the session, the 交办会 about four weeks after, handling over the following
/// ten weeks) and fires what falls due; on the system clock everything happens now.
/// </summary>
public sealed partial class DemoDataSeeder(
    IServiceScopeFactory scopes,
    ProcessEngine engine,
    TimeProvider clock,
    WorkingCalendar calendar,
    IOptions<HandlingProfile> profile,
    ILogger<DemoDataSeeder> logger)
{
    public const int Term = 18;
    public const int Session = 5;
    public const string MeetingName = "第十八届人大五次会议代表建议交办会";

    private static readonly Actor Office = new("lgw.demo", "联工委（演示）", new HashSet<string> { Actor.OfficeGroup });

    private readonly Faker _faker = new("zh_CN") { Random = new Randomizer(2026) };
    private readonly List<string> _failures = [];
    private readonly List<DemoDataPhase> _phases = [];
    private readonly Dictionary<int, DemoPlan> _plansBySuggestion = [];
    private readonly Dictionary<string, string> _unitHeads = [];
    private readonly Dictionary<string, string> _unitHandlers = [];
    private readonly Dictionary<int, string> _deputyNames = [];
    private IReadOnlyList<DemoUnit> _units = DemoCatalog.Units;
    private CancellationToken _cancellationToken;

    public Task<DemoDataResult> SeedAsync(DemoDataSize size, CancellationToken cancellationToken = default) =>
        SeedAsync(size, afterStage: null, cancellationToken);

    /// <summary>
    /// Seeds, calling <paramref name="afterStage"/> when the session reaches a stage worth looking at (<c>submitted</c>:
    /// everything awaits review; <c>reviewed</c>: everything awaits 交办) — the seed tool times the office's inbox there.
    /// </summary>
    public async Task<DemoDataResult> SeedAsync(DemoDataSize size, Func<string, Task>? afterStage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(size);
        _cancellationToken = cancellationToken;
        var stopwatch = Stopwatch.StartNew();
        if (await PreflightAsync(size) is { } reason)
        {
            return DemoDataResult.Skip(reason);
        }
        var sessionStart = Today();
        _units = DemoCatalog.UnitsFor(size.Units);
        var phase = Stopwatch.StartNew();
        var deputyIds = await SeedDirectoryAsync(size.Deputies);
        _phases.Add(new DemoDataPhase("directory", deputyIds.Count + _units.Count, phase.Elapsed));
        var plans = PlanSuggestions(size.Suggestions, deputyIds);
        phase.Restart();
        await SubmitAsync(plans, sessionStart);
        _phases.Add(new DemoDataPhase("submit", plans.Count, phase.Elapsed));
        await (afterStage?.Invoke("submitted") ?? Task.CompletedTask);
        await ReviewAsync(plans, sessionStart);
        await (afterStage?.Invoke("reviewed") ?? Task.CompletedTask);
        // 专会交办, about four weeks after the session; on the system clock everything happens today.
        var meetingOn = clock is ManualClock ? calendar.NextWorkingDay(sessionStart.AddDays(30)) : sessionStart;
        var assigned = await HoldAssignmentMeetingAsync(plans, meetingOn);
        await HandleAsync(meetingOn);
        stopwatch.Stop();
        return new DemoDataResult(
            null, deputyIds.Count, _units.Count, DemoCatalog.Committees.Length, DemoCatalog.Leaders.Length,
            plans.Count(p => p.SuggestionId != 0), assigned, sessionStart, meetingOn, Today(), stopwatch.Elapsed, _failures, _phases);
    }

    /// <summary>
    /// Seeds only into an empty directory, with the workflows deployed and a calendar that covers every deadline the
    /// session will compute (the 6-month extended reply limit, the yearly B-class report) — rather than stopping halfway.
    /// </summary>
    private async Task<string?> PreflightAsync(DemoDataSize size)
    {
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            if (await db.Set<Deputy>().AnyAsync(_cancellationToken))
            {
                return "数据库中已有代表，不生成演示数据";
            }
        }
        if ((await engine.GetDefinitionsAsync(ProcessKeys.SessionSuggestion, _cancellationToken)).Count == 0)
        {
            return $"流程“{ProcessKeys.SessionSuggestion}”未部署（Engine:WorkflowsPath），不生成演示数据";
        }
        var manual = clock as ManualClock;
        var today = size.SessionStart is { } start && manual is not null ? start : Today();
        try
        {
            // The latest dates the session computes: the extended reply limit of a suggestion assigned after the
            // session, and the yearly B-class progress report after its reply. On a clock that cannot move,
            // everything happens today, so both count from today.
            var assignedOn = manual is not null ? today.AddMonths(2) : today;
            var last = profile.Value.Compute("replyExtended", assignedOn, calendar);
            _ = profile.Value.Compute("progressReportInterval", manual is not null ? last : today, calendar);
        }
        catch (CalendarOutOfRangeException e)
        {
            return $"工作日历不覆盖演示会期（{today:yyyy-MM-dd} 起）要计算的期限：{e.Message} "
                   + "请补充 workflows/calendars 的年度数据，或用手动时钟（Engine:Clock:Mode=Manual）并设置 DemoData:SessionStart（例如 2025-01-06）";
        }
        if (size.SessionStart is { } sessionStart && manual is not null)
        {
            manual.Set(ChinaTime.StartOfDay(sessionStart).AddHours(9));
        }
        return null;
    }

    private DateOnly Today() => ChinaTime.Today(clock);

    // ---------------------------------------------------------------- directory

    private async Task<List<int>> SeedDirectoryAsync(int deputyCount)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        foreach (var unit in _units)
        {
            var contact = ChineseName();
            var head = ChineseName();
            _unitHandlers[unit.Id] = contact;
            _unitHeads[unit.Id] = head;
            db.Add(new HandlingUnit
            {
                Id = unit.Id, Name = unit.Name, Kind = unit.Kind, ContactName = contact, Phone = OfficePhone(),
                Email = $"{unit.Id}@example.gov.cn", HeadName = head, HeadEmail = $"{unit.Id}.head@example.gov.cn",
            });
        }
        foreach (var committee in DemoCatalog.Committees)
        {
            db.Add(new Committee
            {
                Id = committee.Id, Name = committee.Name, Fields = string.Join(',', committee.Fields), Email = $"{committee.Id}@example.gov.cn",
            });
        }
        foreach (var leader in DemoCatalog.Leaders)
        {
            db.Add(new Leader { Id = leader.Id, Name = leader.Name, Title = leader.Title, Kind = leader.Kind, Email = $"{leader.Id}@example.gov.cn" });
        }
        var deputies = Enumerable.Range(1, deputyCount).Select(i => new Deputy
        {
            Name = ChineseName(),
            // Delegations differ in size, as districts and counties do.
            Delegation = DemoCatalog.Delegations[Math.Min(DemoCatalog.Delegations.Length - 1, (int)(Math.Pow(_faker.Random.Double(), 1.3) * DemoCatalog.Delegations.Length))],
            Phone = _faker.Random.Replace("1" + _faker.PickRandom("3", "5", "8", "9") + "#########"),
            Email = string.Create(CultureInfo.InvariantCulture, $"daibiao{i:000}@example.cn"),
            UserName = string.Create(CultureInfo.InvariantCulture, $"daibiao{i:000}"),
        }).ToList();
        db.AddRange(deputies);
        await db.SaveChangesAsync(_cancellationToken);
        foreach (var deputy in deputies)
        {
            _deputyNames[deputy.Id] = deputy.Name;
        }
        return [.. deputies.Select(d => d.Id)];
    }

    private string ChineseName() => _faker.Name.LastName() + _faker.Name.FirstName();

    private string OfficePhone() => _faker.Random.Replace("0731-8#######");

    // ---------------------------------------------------------------- planning

    private List<DemoPlan> PlanSuggestions(int count, IReadOnlyList<int> deputyIds)
    {
        var writer = new DemoSuggestionWriter(_faker);
        var delegations = deputyIds.ToLookup(id => id % 12);
        var categories = DemoCatalog.Categories;
        var plans = new List<DemoPlan>(count);
        for (var i = 0; i < count; i++)
        {
            var category = Weighted(categories, c => c.Weight);
            var formedBy = Weighted(DemoCatalog.FormedBy, f => f.Weight);
            // Some deputies lead many suggestions, most one or two.
            var lead = deputyIds[(int)(Math.Pow(_faker.Random.Double(), 1.6) * deputyIds.Count)];
            var coSignerCount = _faker.Random.WeightedRandom([0, 1, 2, 3, 4, 5], [0.3f, 0.2f, 0.2f, 0.15f, 0.1f, 0.05f]);
            var sameGroup = delegations[lead % 12].Where(id => id != lead).ToList();
            var pool = sameGroup.Count >= coSignerCount ? sameGroup : deputyIds.Where(id => id != lead).ToList();
            var (title, content, topic) = writer.Write(category, formedBy.Intro);
            plans.Add(new DemoPlan
            {
                Index = i, Category = category, Title = title, Content = content, Topic = topic, FormedBy = formedBy.Name,
                LeadDeputyId = lead, CoSignerIds = [.. _faker.PickRandom(pool, Math.Min(coSignerCount, pool.Count))],
                Disclosure = _faker.Random.WeightedRandom([DisclosureConsent.Full, DisclosureConsent.TitleOnly, DisclosureConsent.None], [0.72f, 0.2f, 0.08f]),
                ReferenceOnly = _faker.Random.Bool(0.03f),
            });
        }
        // Review outcomes (审核): about 92% accepted at once; a few returned for revision, converted to deputy
        // letters (代表来信) or merged into a similar suggestion (并案).
        DemoQuota.Distribute(_faker, plans.Skip(plans.Count / 5).ToList(),
            [(DemoReview.Accept, 92.0), (DemoReview.Revise, 3.0), (DemoReview.Convert, 2.0), (DemoReview.Merge, 2.0), (DemoReview.RevisePending, 1.0)],
            (plan, review) => plan.Review = review);
        foreach (var merged in plans.Where(p => p.Review == DemoReview.Merge))
        {
            // 并案: a later suggestion on a topic an earlier accepted one already covers.
            var target = plans.Where(p => p.Index < merged.Index && p.Review == DemoReview.Accept)
                             .OrderBy(p => p.Category == merged.Category ? 0 : 1).ThenBy(_ => _faker.Random.Int()).First();
            var (title, content) = writer.WriteSimilar(target.Category, target.Topic, "通过座谈走访选民");
            merged.Title = title;
            merged.Content = content;
            merged.MergeInto = target;
        }
        return plans;
    }

    /// <summary>Decides units, key flags and how far each accepted suggestion gets; quotas keep every stage present.</summary>
    private void PlanHandling(List<DemoPlan> plans)
    {
        DemoQuota.Distribute(_faker, plans,
            [
                (DemoStage.Evaluated, 40.0), (DemoStage.Assigned, 3.0), (DemoStage.Acknowledged, 5.0), (DemoStage.Planned, 7.0),
                (DemoStage.VisitedBefore, 7.0), (DemoStage.CoOpinions, 4.0), (DemoStage.VisitedDuring, 9.0), (DemoStage.Drafted, 6.0),
                (DemoStage.Replied, 5.0), (DemoStage.VisitedAfter, 10.0), (DemoStage.NotEvaluated, 4.0),
            ],
            (plan, stage) => plan.Stage = stage);
        foreach (var plan in plans)
        {
            plan.ResultClass = _faker.Random.WeightedRandom(["A", "B", "C"], [0.55f, 0.35f, 0.10f]);
            plan.Early = plan.Stage == DemoStage.NotEvaluated || (plan.Stage == DemoStage.Evaluated && _faker.Random.Bool(0.15f));
        }
        var codes = profile.Value.ResultClasses.Select(c => c.Code).ToHashSet();
        foreach (var plan in plans.Where(p => !codes.Contains(p.ResultClass)))
        {
            plan.ResultClass = profile.Value.ResultClasses[0].Code;
        }
        var evaluated = plans.Where(p => p.Stage == DemoStage.Evaluated && !p.Early).ToList();
        DemoQuota.Distribute(_faker, evaluated,
            [(Satisfaction.Satisfied, 78.0), (Satisfaction.BasicallySatisfied, 17.0), (Satisfaction.Unsatisfied, 5.0)],
            (plan, rating) => plan.Rating = rating);
        var unsatisfied = evaluated.Where(p => p.Rating == Satisfaction.Unsatisfied).ToList();
        if (unsatisfied.Count >= 3)
        {
            unsatisfied[0].StillUnsatisfied = true;
        }
        foreach (var plan in unsatisfied.Where(p => p.ResultClass == "A"))
        {
            plan.ResultClass = codes.Contains("C") ? "C" : plan.ResultClass;
        }

        var handlingStarted = plans.Where(p => p.Stage >= DemoStage.Acknowledged).ToList();
        foreach (var plan in Pick(handlingStarted.Where(p => p.Stage < DemoStage.Evaluated), Math.Max(1, plans.Count * 3 / 200)))
        {
            plan.Reassign = true;
        }
        foreach (var plan in Pick(handlingStarted.Where(p => p.Reassign is null && p.Stage < DemoStage.Evaluated), 1))
        {
            plan.Reassign = false;
        }
        var inHandling = plans.Where(p => p.Stage is >= DemoStage.Planned and <= DemoStage.VisitedDuring && !p.Early && p.Reassign is null).ToList();
        var extensions = Pick(inHandling, Math.Max(2, plans.Count / 50)).ToList();
        for (var i = 0; i < extensions.Count; i++)
        {
            extensions[i].Extension = i > 0; // the first one is refused
        }
        foreach (var plan in Pick(inHandling.Where(p => p.Extension is null && p.Stage <= DemoStage.VisitedBefore), 1))
        {
            plan.Withdraw = true;
        }

        foreach (var plan in plans)
        {
            var category = plan.Category;
            plan.LeadUnit = _faker.PickRandom(category.LeadUnits);
            if (plan.Reassign == true)
            {
                plan.ReassignTo = _faker.PickRandom(category.LeadUnits.Where(u => u != plan.LeadUnit).DefaultIfEmpty(category.CoUnits[0]));
            }
        }
        // 主办+会办 for about 30%, 分办 for about 3%; the rest one lead unit.
        DemoQuota.Distribute(_faker, plans, [(0, 67.0), (1, 30.0), (2, 3.0)], (plan, kind) =>
        {
            if (kind == 0)
            {
                return;
            }
            var others = kind == 1 ? plan.Category.CoUnits : plan.Category.LeadUnits;
            var blocked = new[] { plan.LeadUnit, plan.ReassignTo };
            var candidates = others.Where(u => !blocked.Contains(u)).ToList();
            plan.OtherUnits.AddRange(_faker.PickRandom(candidates, Math.Min(candidates.Count, _faker.Random.WeightedRandom([1, 2], [0.7f, 0.3f]))));
            plan.Mode = kind == 2 ? HandlingMode.Separate : HandlingMode.LeadWithCo;
        });
        SpreadOverBranches(plans);
        // 重点督办: chosen by the 主任会议, a leader takes charge, the committee of the field supervises.
        var keyCandidates = plans.Where(p => p.Mode == HandlingMode.LeadWithCo && p.Reassign is null && p.Extension is null && !p.Withdraw).ToList();
        var keys = Pick(keyCandidates.Where(p => p.Stage >= DemoStage.Replied), Math.Max(1, plans.Count / 40))
            .Concat(Pick(keyCandidates.Where(p => p.Stage < DemoStage.Replied), Math.Max(1, plans.Count / 50)))
            .ToList();
        foreach (var plan in keys)
        {
            plan.IsKey = true;
            plan.KeyLeaderId = _faker.PickRandom(DemoCatalog.Leaders).Id;
            plan.KeyCommitteeId = plan.Category.CommitteeId;
        }
        foreach (var plan in keys.Where(p => p.Stage >= DemoStage.Replied).Take(1))
        {
            plan.LeaderReturns = true;
        }
    }

    /// <summary>
    /// With district branches in the directory, each suggestion's units become the city unit or one of its branches
    /// (chosen per suggestion), so every unit of a national-size directory gets suggestions. Distinct city units stay
    /// distinct branches: a suggestion never names one unit twice.
    /// </summary>
    private void SpreadOverBranches(List<DemoPlan> plans)
    {
        if (_units.Count <= DemoCatalog.Units.Length)
        {
            return;
        }
        var branches = _units.ToLookup(u => u.Id.Split('-')[0], u => u.Id, StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            plan.LeadUnit = _faker.PickRandom(branches[plan.LeadUnit]);
            if (plan.ReassignTo is { } to)
            {
                plan.ReassignTo = _faker.PickRandom(branches[to]);
            }
            for (var i = 0; i < plan.OtherUnits.Count; i++)
            {
                plan.OtherUnits[i] = _faker.PickRandom(branches[plan.OtherUnits[i]]);
            }
        }
    }

    /// <summary>One of <paramref name="items"/> in proportion to its weight (Bogus' WeightedRandom wants weights summing to 1).</summary>
    private T Weighted<T>(IReadOnlyList<T> items, Func<T, int> weight)
    {
        var total = items.Sum(weight);
        return _faker.Random.WeightedRandom([.. items], [.. items.Select(i => (float)weight(i) / total)]);
    }

    private List<DemoPlan> Pick(IEnumerable<DemoPlan> candidates, int count) =>
        [.. _faker.Random.Shuffle(candidates.ToList()).Take(count)];

    // ---------------------------------------------------------------- submission, review, assignment

    private async Task SubmitAsync(List<DemoPlan> plans, DateOnly sessionStart)
    {
        // 大会建议 are filed during the four days of the session.
        for (var i = 0; i < plans.Count; i++)
        {
            var plan = plans[i];
            var perDay = (plans.Count + 3) / 4;
            await MoveToAsync(sessionStart.AddDays(i / perDay), i % perDay, perDay);
            var request = new SubmitSuggestion(
                SuggestionKind.Session, Term, Session, plan.Title, plan.Content, plan.Category.Name, plan.FormedBy, plan.LeadDeputyId,
                plan.CoSignerIds, plan.Disclosure, plan.ReferenceOnly);
            var suggestion = await RunAsync($"提交建议 {plan.Index + 1}", services =>
                services.GetRequiredService<SuggestionIntakeService>().SubmitAsync(request, DeputyActor(plan.LeadDeputyId), _cancellationToken));
            if (suggestion is not null)
            {
                plan.SuggestionId = suggestion.Id;
                _plansBySuggestion[suggestion.Id] = plan;
            }
        }
    }

    private async Task ReviewAsync(List<DemoPlan> plans, DateOnly sessionStart)
    {
        var reviewDay = calendar.AddWorkingDays(sessionStart, 6);
        await CompleteTasksAsync("review", reviewDay, (plan, _) => plan.Review switch
        {
            DemoReview.Accept => new JsonObject { ["decision"] = "accept", ["reason"] = "符合代表建议的提出要求，予以立案。" },
            DemoReview.Revise or DemoReview.RevisePending => new JsonObject
            {
                ["decision"] = "revise", ["reason"] = "建议内容较为笼统，请补充具体情况和可操作的措施；涉及个人事项的内容请删去。",
            },
            DemoReview.Convert => new JsonObject { ["decision"] = "convert", ["reason"] = "内容为反映个人具体诉求，转为代表来信办理。" },
            _ => new JsonObject
            {
                ["decision"] = "merge", ["reason"] = "与同类建议内容相近，并案办理，分别答复代表。",
                ["mergedIntoId"] = plan.MergeInto!.SuggestionId,
            },
        });
        await CompleteTasksAsync("revise", calendar.AddWorkingDays(reviewDay, 3), (plan, _) => plan.Review == DemoReview.Revise
            ? new JsonObject { ["title"] = plan.Title, ["content"] = DemoSuggestionWriter.Revised(plan.Content) }
            : null);
        await CompleteTasksAsync("review", calendar.AddWorkingDays(reviewDay, 5), (_, _) =>
            new JsonObject { ["decision"] = "accept", ["reason"] = "修改后符合要求，予以立案。" });
    }

    private async Task<int> HoldAssignmentMeetingAsync(List<DemoPlan> plans, DateOnly meetingOn)
    {
        await MoveToAsync(meetingOn);
        List<int> awaiting;
        using (var scope = scopes.CreateScope())
        {
            awaiting = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Suggestion>()
                .Where(s => s.State == SuggestionState.AwaitingAssignment).Select(s => s.Id).ToListAsync(_cancellationToken);
        }
        var accepted = awaiting.Order().Where(_plansBySuggestion.ContainsKey).Select(id => _plansBySuggestion[id]).ToList();
        PlanHandling(accepted);
        var orders = accepted.Select(p => new AssignmentOrder(p.SuggestionId, p.LeadUnit, p.OtherUnits, p.Mode, p.IsKey, p.KeyLeaderId, p.KeyCommitteeId)).ToList();
        var phase = Stopwatch.StartNew();
        var done = await RunAsync("交办会", async services =>
        {
            var meetings = services.GetRequiredService<AssignmentMeetingService>();
            var meeting = await meetings.CreateMeetingAsync(MeetingName, meetingOn, "市人大常委会机关第一会议室", Office, _cancellationToken);
            return await meetings.AssignAsync(meeting.Id, orders, Office, _cancellationToken);
        });
        _phases.Add(new DemoDataPhase("assign (交办会)", orders.Count, phase.Elapsed));
        return done;
    }
}
