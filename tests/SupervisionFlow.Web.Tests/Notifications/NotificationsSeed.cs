using System.Globalization;
using System.Text.Json.Nodes;
using SupervisionFlow.Web.Domain.Directory;
using SupervisionFlow.Web.Domain.Suggestions;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Notifications;

/// <summary>A small directory and one suggestion (第12号, 第18届第5次会议) for the notice tests.</summary>
public static class NotificationsSeed
{
    public const string Title = "关于加强城市公共交通建设的建议";

    public static async Task<int> SeedAsync(NotificationsTestDb test, Action<Suggestion>? configure = null)
    {
        using var db = test.Create();
        db.AddRange(
            new HandlingUnit { Id = "jtj", Name = "市交通运输局", Kind = "政府部门", Email = "jtj@example.gov.cn", HeadName = "王局长", HeadEmail = "wang@example.gov.cn" },
            new HandlingUnit { Id = "cz", Name = "市财政局", Kind = "政府部门", Email = "cz@example.gov.cn", HeadName = "李局长", HeadEmail = "li@example.gov.cn" },
            new Deputy { Id = 1, Name = "张三", Delegation = "锦江区代表团", Email = "zhangsan@example.cn", Phone = "13800000001" },
            new Deputy { Id = 2, Name = "李四", Delegation = "锦江区代表团", Email = "lisi@example.cn" },
            new Deputy { Id = 3, Name = "王五", Delegation = "青羊区代表团" });
        var suggestion = new Suggestion
        {
            Term = 18,
            Session = 5,
            Number = 12,
            Kind = SuggestionKind.Session,
            Title = Title,
            Content = "建议增加早晚高峰公交班次。",
            Category = "交通邮电",
            LeadDeputyId = 1,
            SubmittedAt = test.Clock.GetUtcNow().UtcDateTime,
            State = SuggestionState.InHandling,
            CoSigners = [new SuggestionCoSigner { DeputyId = 2 }, new SuggestionCoSigner { DeputyId = 3 }],
            Units =
            [
                new SuggestionUnit { UnitId = "jtj", Role = UnitRole.Lead },
                new SuggestionUnit { UnitId = "cz", Role = UnitRole.Co },
            ],
        };
        configure?.Invoke(suggestion);
        db.Add(suggestion);
        await db.SaveChangesAsync();
        suggestion.BusinessKey = Suggestion.KeyOf(suggestion.Id);
        await db.SaveChangesAsync();
        return suggestion.Id;
    }

    /// <summary>Starts the fixture process: one task 签收 for <paramref name="groups"/> due at <paramref name="due"/>.</summary>
    public static async Task<string> StartUnitTaskAsync(NotificationsTestDb test, int suggestionId, DateTimeOffset due, string groups = "unit:jtj")
    {
        await test.Engine.DeployAsync(EngineApiClient.Fixture("UnitTaskWithDueDate.bpmn"));
        var instance = await test.Engine.StartProcessAsync(
            "unitTask",
            suggestionId.ToString(CultureInfo.InvariantCulture),
            new JsonObject
            {
                ["suggestionId"] = suggestionId,
                ["title"] = Title,
                ["groups"] = groups,
                ["dueAt"] = due.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            });
        var task = Assert.Single(await test.Engine.FindTasksAsync(new(ProcessInstanceId: instance.Id)));
        Assert.Equal(due.UtcDateTime, task.DueAt);
        return task.Id;
    }
}
