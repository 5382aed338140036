using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine;
using SupervisionFlow.Engine.Timers;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.EngineHost;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Notifications;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Admin;

/// <summary>提醒与任务: admins only; outbox retry, what Hangfire runs (and a link to its dashboard), engine timers.</summary>
public sealed class JobsPageTests(SeededWorld<JobsPageTests.SuggestionInHandling> world) : IClassFixture<SeededWorld<JobsPageTests.SuggestionInHandling>>
{
    private readonly WebWorld _world = world.Value;

    private static string AdminUser => WebWorld.Users.First(u => u.Value.Role == Roles.Admin).Key;

    public sealed class SuggestionInHandling : WebScenario
    {
        // The unit's 签收 task has a deadline timer.
        public override Task SeedAsync(WebWorld world) => world.AssignedAsync("jtj");
    }

    private async Task<long> FailedMessageAsync(string subject)
    {
        var message = new OutboxMessage
        {
            CreatedAt = DateTime.UtcNow, To = "jtj@example.gov.cn", ToName = "市交通运输局", Subject = subject, Body = "请及时签收。",
            DedupKey = "test:" + Guid.NewGuid().ToString("N"), Attempts = 5, NextAttemptAt = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc),
            LastError = "550 mailbox unavailable", Status = OutboxStatus.Failed,
        };
        await _world.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            db.Add(message);
            return await db.SaveChangesAsync();
        });
        return message.Id;
    }

    private Task<OutboxMessage> MessageAsync(long id) => _world.WithScopeAsync(services =>
        services.GetRequiredService<AppDbContext>().Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id));

    [Theory]
    [InlineData("lgw")]
    [InlineData("zhou")]
    [InlineData("jtj.staff")]
    [InlineData("deputy1")]
    public async Task Jobs_NonAdmin_IsForbidden(string user)
    {
        var client = await _world.ClientAsAsync(user);

        var response = await client.GetAsync("/Admin/Jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(response.Headers.Location)).StatusCode);
    }

    [Fact]
    public async Task RetryOutbox_Office_IsForbiddenAndChangesNothing()
    {
        var id = await FailedMessageAsync("关于签收建议的提醒（无权重发）");
        var client = await _world.ClientAsAsync("lgw");

        var response = await client.PostFormAsync($"/Admin/Jobs?handler=RetryOutbox&id={id}", [], tokenFrom: "/Meetings");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/AccessDenied", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Failed, (await MessageAsync(id)).Status);
    }

    [Fact]
    public async Task Jobs_Anonymous_GoesToLogin()
    {
        var response = await _world.AnonymousClient().GetAsync("/Admin/Jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Auth/Login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_Admin_ShowsOutboxTimersAndHangfireWork()
    {
        await FailedMessageAsync("关于签收建议的提醒（列表）");
        var client = await _world.ClientAsAsync(AdminUser);
        // The host's Hangfire server announces itself on its own thread once the host has started.
        var storage = _world.Services.GetRequiredService<Hangfire.JobStorage>();
        for (var wait = 0; wait < 100 && storage.GetMonitoringApi().Servers().Count == 0; wait++)
        {
            await Task.Delay(100);
        }

        var response = await client.GetAsync("/Admin/Jobs");
        var text = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("关于签收建议的提醒（列表）", text);
        Assert.Contains("550 mailbox unavailable", text);
        var schedules = text[text.IndexOf("id=\"schedules\"", StringComparison.Ordinal)..text.IndexOf("id=\"outbox\"", StringComparison.Ordinal)];
        Assert.Contains("DueJobSweep", schedules);
        Assert.Contains("OutboxDispatchProcess", schedules);
        // The recurring job Hangfire stores, with its cron (every 15 minutes by default) and next run.
        Assert.Contains(ReminderScanJob.RecurringJobId, schedules);
        Assert.Contains("cron */15 * * * *", schedules);
        Assert.Contains("href=\"/Admin/Hangfire\"", schedules);
        Assert.Contains("Hangfire 服务器（1）", schedules);
        var timers = text[text.IndexOf("id=\"timers\"", StringComparison.Ordinal)..];
        // The reply deadline guard of the assigned suggestion: three months after 2026-03-02, end of day China time.
        Assert.Contains("replyOverdue", timers);
        Assert.Contains("2026-06-02 23:59:59", timers);
        Assert.Contains("关于优化城区公交线网的建议", timers);
        Assert.Contains("没有流程故障。", text);
    }

    [Fact]
    public async Task RetryOutbox_FailedMessage_IsQueuedNowAndThenSent()
    {
        var id = await FailedMessageAsync("关于签收建议的提醒（重发）");
        var client = await _world.ClientAsAsync(AdminUser);

        var response = await client.PostFormAsync($"/Admin/Jobs?handler=RetryOutbox&id={id}", [], tokenFrom: "/Admin/Jobs");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var queued = await MessageAsync(id);
        // The hosted dispatcher may already have sent it; either way it is no longer given up on.
        Assert.NotEqual(OutboxStatus.Failed, queued.Status);
        if (queued.Status == OutboxStatus.Pending)
        {
            Assert.Equal(0, queued.Attempts);
            Assert.True(queued.NextAttemptAt <= _world.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        }
        await _world.WithScopeAsync(services => services.GetRequiredService<OutboxDispatcher>().DispatchDueAsync());
        var sent = await MessageAsync(id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.NotNull(sent.SentAt);
        var page = WebUtility.HtmlDecode(await client.GetStringAsync(response.Headers.Location!.OriginalString));
        Assert.Contains($"消息 {id} 已重新排队", page);
    }

    [Fact]
    public async Task RetryOutbox_SentMessage_IsRefusedAndUnknownIsNotFound()
    {
        var id = await FailedMessageAsync("关于签收建议的提醒（已发送）");
        await _world.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            return await db.Set<OutboxMessage>().Where(m => m.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent).SetProperty(m => m.SentAt, DateTime.UtcNow));
        });
        var client = await _world.ClientAsAsync(AdminUser);

        var refused = await client.PostFormAsync($"/Admin/Jobs?handler=RetryOutbox&id={id}", [], tokenFrom: "/Admin/Jobs");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal(OutboxStatus.Sent, (await MessageAsync(id)).Status);
        Assert.Contains("不是发送失败状态", WebUtility.HtmlDecode(await client.GetStringAsync(refused.Headers.Location!.OriginalString)));
        var unknown = await client.PostFormAsync("/Admin/Jobs?handler=RetryOutbox&id=987654", [], tokenFrom: "/Admin/Jobs");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}

/// <summary>An engine incident, shown on the page and retried from it (a host of its own: a service task that fails twice).</summary>
public sealed class JobsIncidentTests
{
    [Fact]
    public async Task RetryIncident_FromThePage_RunsTheJobAgainAndClearsIt()
    {
        var failuresLeft = 2;
        await using var host = new EngineApiHost(
            new Dictionary<string, string?> { ["Engine:ServiceTaskRetries"] = "2", ["Engine:RetryBackoff"] = "00:00:10" },
            services => services.ConfigureEngine((_, handlers, _) => handlers.Register("notify", (_, _) =>
                Interlocked.Decrement(ref failuresLeft) >= 0 ? throw new InvalidOperationException("SMTP server unreachable") : Task.CompletedTask)));
        var api = host.CreateApiClient();
        await api.DeployFixtureAsync("ServiceTaskThenTask.bpmn");
        var instance = await api.StartAsync("notifyThenReview", "JY-3");
        await api.AdvanceClockAsync("PT10S");
        await api.FireDueAsync();
        var incident = Assert.Single(await host.Services.GetRequiredService<ProcessEngine>().GetIncidentsAsync());

        var client = await SignInAdminAsync(host);

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/Admin/Jobs"));
        Assert.Contains("SMTP server unreachable", page);
        Assert.Contains("JY-3", page);

        var retry = await client.PostFormAsync($"/Admin/Jobs?handler=RetryIncident&id={Uri.EscapeDataString(incident.Id)}", [], tokenFrom: "/Admin/Jobs");

        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Empty(await host.Services.GetRequiredService<ProcessEngine>().GetIncidentsAsync());
        var moved = await api.GetInstanceAsync(instance);
        Assert.Equal(["audit"], moved["activeActivityIds"]!.AsArray().Select(a => (string)a!));
        var after = WebUtility.HtmlDecode(await client.GetStringAsync(retry.Headers.Location!.OriginalString));
        Assert.Contains($"故障 {incident.Id} 已重试", after);
        Assert.Contains("没有流程故障。", after);
    }

    [Fact]
    public async Task RetryIncident_SaveFails_KeepsTheIncidentAndWritesNoAuditThenRetrySucceeds()
    {
        var failuresLeft = 2;
        var faults = new FailingSaveInterceptor();
        await using var host = new EngineApiHost(
            new Dictionary<string, string?> { ["Engine:ServiceTaskRetries"] = "2", ["Engine:RetryBackoff"] = "00:00:10" },
            services =>
            {
                services.ConfigureEngine((_, handlers, _) => handlers.Register("notify", (_, _) =>
                    Interlocked.Decrement(ref failuresLeft) >= 0 ? throw new InvalidOperationException("SMTP server unreachable") : Task.CompletedTask));
                services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(faults));
            });
        var api = host.CreateApiClient();
        await api.DeployFixtureAsync("ServiceTaskThenTask.bpmn");
        var instance = await api.StartAsync("notifyThenReview", "JY-4");
        await api.AdvanceClockAsync("PT10S");
        await api.FireDueAsync();
        var engine = host.Services.GetRequiredService<ProcessEngine>();
        var incident = Assert.Single(await engine.GetIncidentsAsync());
        var client = await SignInAdminAsync(host);
        var token = await client.TokenAsync("/Admin/Jobs");
        var before = await DatabaseSnapshot.TakeAsync(host.Services);

        faults.FailNextSave();
        var failed = await client.PostAsync($"/Admin/Jobs?handler=RetryIncident&id={Uri.EscapeDataString(incident.Id)}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(1, faults.Failures);
        Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
        Assert.Contains("本次提交未生效", WebUtility.HtmlDecode(await client.GetStringAsync(failed.Headers.Location!.OriginalString)));
        (await DatabaseSnapshot.TakeAsync(host.Services)).AssertSameAs(before);
        Assert.Equal(incident.Id, Assert.Single(await engine.GetIncidentsAsync()).Id);

        var retry = await client.PostFormAsync($"/Admin/Jobs?handler=RetryIncident&id={Uri.EscapeDataString(incident.Id)}", [], tokenFrom: "/Admin/Jobs");
        Assert.Equal(HttpStatusCode.Redirect, retry.StatusCode);
        Assert.Empty(await engine.GetIncidentsAsync());
        Assert.Equal(["audit"], (await api.GetInstanceAsync(instance))["activeActivityIds"]!.AsArray().Select(a => (string)a!));
        var audits = await DatabaseSnapshot.TakeAsync(host.Services);
        Assert.Single(audits.Tables["audit_entries"], r => r.Contains("incident.retry", StringComparison.Ordinal));
    }

    private static async Task<HttpClient> SignInAdminAsync(EngineApiHost host)
    {
        using (var scope = host.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = new AppUser { UserName = "ops", DisplayName = "运维" };
            Assert.True((await users.CreateAsync(admin, WebWorld.Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(admin, Roles.Admin)).Succeeded);
        }
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await client.PostFormAsync("/Auth/Login", new Dictionary<string, string> { ["userName"] = "ops", ["password"] = WebWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }
}
