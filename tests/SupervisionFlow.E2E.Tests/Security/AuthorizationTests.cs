using Microsoft.EntityFrameworkCore;
using SupervisionFlow.E2E.Tests.TestSupport;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Domain.Directory;

namespace SupervisionFlow.E2E.Tests.Security;

/// <summary>
/// In the browser, as each user: pages of another role send a signed-in user to the 403 page and a visitor to the
/// login; a unit handler who changes the id in the address cannot open, nor complete, another unit's task, nor read
/// another unit's suggestion.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class AuthorizationTests(SiteFixture site)
{
    public static TheoryData<string, string> Refused => new()
    {
        { "deputy", "/Designer" },
        { "deputy", "/Dashboard" },
        { "deputy", "/Meetings" },
        { "deputy", "/Admin/Jobs" },
        { "deputy", "/Admin/Users" },
        { "handler", "/Designer" },
        { "handler", "/Dashboard" },
        { "handler", "/Meetings" },
        { "handler", "/Portal" },
        { "handler", "/Admin/Users/Create" },
        { "lgw", "/Designer" },
        { "lgw", "/Admin/Jobs" },
        { "lgw", "/Admin/Users" },
        { "lgw", "/Portal/Submit" },
        { "leader", "/Meetings" },
        { "leader", "/Admin/Users" },
        { "committee", "/Dashboard" },
        { "committee", "/Admin/Users" },
    };

    [ChromiumFact]
    public async Task Pages_OfAnotherRole_AnswerForbidden()
    {
        await using var run = site.Begin(nameof(Pages_OfAnotherRole_AnswerForbidden));
        var failures = new List<string>();
        using (run.Expecting(403))
        {
            foreach (var user in Refused.Select(r => (string)r[0]).Distinct())
            {
                var page = await run.SignInAsync(user);
                foreach (var path in Refused.Where(r => (string)r[0] == user).Select(r => (string)r[1]))
                {
                    var response = await page.GotoAsync(path);
                    if (response?.Status != 403 || !page.Url.Contains("/Auth/AccessDenied", StringComparison.Ordinal))
                    {
                        failures.Add($"{user} {path}: {response?.Status} at {page.Url}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, "not refused: " + string.Join("; ", failures));
        run.AssertNoBrowserErrors();
    }

    [ChromiumFact]
    public async Task Pages_SignedOut_RedirectToLogin()
    {
        await using var run = site.Begin(nameof(Pages_SignedOut_RedirectToLogin));
        var visitor = await run.AnonymousAsync();
        foreach (var path in new[] { "/Inbox", "/Suggestions", "/Designer", "/Dashboard", "/Meetings", "/Portal", "/Admin/Jobs", "/Admin/Users" })
        {
            await visitor.GotoAsync(path);
            Assert.StartsWith(site.BaseUrl + "/Auth/Login?ReturnUrl=" + Uri.EscapeDataString(path), visitor.Url, StringComparison.OrdinalIgnoreCase);
        }
        var response = await visitor.GotoAsync("/Public");
        Assert.Equal(200, response?.Status);
        run.AssertNoBrowserErrors();
    }

    [ChromiumFact]
    public async Task UnitHandler_OtherUnitsTaskByUrl_Forbidden()
    {
        await using var run = site.Begin(nameof(UnitHandler_OtherUnitsTaskByUrl_Forbidden));
        var own = await site.UnitOfAsync("handler");
        var other = await site.QueryAsync(db => db.Set<HandlingUnit>().Where(u => u.IsActive && u.Id != own.Id).OrderBy(u => u.Id).FirstAsync());

        // Another unit's suggestion, assigned in the browser: its 签收 task waits for that unit.
        var title = $"关于河道保洁的建议（E2E {Guid.NewGuid().ToString("N")[..6]}）";
        var deputy = await run.SignInAsync("deputy");
        var suggestionId = await Journeys.SubmitSessionSuggestionAsync(deputy, title, "河道垃圾清理不及时，建议明确保洁责任单位。");
        var office = await run.SignInAsync("lgw");
        await Journeys.ReviewAndAssignAsync(office, suggestionId, title, other.Name, site.Today);
        var taskId = await site.QueryAsync(db => db.Set<UserTaskRecord>().Include(t => t.Candidates)
            .Where(t => t.ActivityId == "acknowledge" && t.Candidates.Any(c => c.Value == "unit:" + other.Id))
            .OrderByDescending(t => t.CreatedAt).Select(t => t.Id).FirstAsync());

        var handler = await run.SignInAsync("handler");
        await handler.InboxRowsAsync("");
        Assert.Equal(0, await handler.Locator($"tr[data-task-id='{taskId}']").CountAsync());
        using (run.Expecting(403, 404))
        {
            var read = await handler.GotoAsync($"/Tasks/{taskId}");
            Assert.Equal(403, read?.Status);
            Assert.Equal(0, await handler.Locator("main form[method=post] button.btn-primary").CountAsync());

            // Posting the form anyway (the antiforgery token of the handler's own page, another unit's task id).
            var status = await handler.EvaluateAsync<int>("""
                async (id) => {
                  const token = document.querySelector('input[name="__RequestVerificationToken"]').value;
                  const body = new URLSearchParams({ __RequestVerificationToken: token, ackDecision: 'accept' });
                  const response = await fetch('/Tasks/' + id, { method: 'POST', body, redirect: 'manual' });
                  return response.status;
                }
                """, taskId);
            Assert.Equal(403, status);

            var suggestion = await handler.GotoAsync($"/Suggestions/{suggestionId}");
            Assert.Contains(suggestion?.Status ?? 0, new[] { 403, 404 });
            await Assertions.Expect(handler.Locator("main")).Not.ToContainTextAsync("河道垃圾清理不及时");
        }
        run.AssertNoBrowserErrors();
    }
}
