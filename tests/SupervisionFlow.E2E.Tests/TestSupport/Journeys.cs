using System.Globalization;
using System.Text.RegularExpressions;

namespace SupervisionFlow.E2E.Tests.TestSupport;

/// <summary>Longer stretches of the process that several tests need, done in the browser like the walk-through.</summary>
public static class Journeys
{
    /// <summary>The deputy submits a session suggestion on the portal; returns its id.</summary>
    public static async Task<int> SubmitSessionSuggestionAsync(IPage deputy, string title, string content)
    {
        await deputy.GotoAsync("/Portal/Submit");
        await deputy.CheckAsync("input[name='Input.Kind'][value='Session']");
        await deputy.FillAsync("#title", title);
        await deputy.FillAsync("#content", content);
        await deputy.SelectOptionAsync("#category", new SelectOptionValue { Index = 1 });
        await deputy.ClickAsync("form.portal-form button.btn-primary");
        await deputy.WaitForURLAsync(new Regex(@"/Portal/Suggestion/\d+"));
        return int.Parse(Regex.Match(deputy.Url, @"/Portal/Suggestion/(\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The office accepts the suggestion in review and assigns it to <paramref name="unitName"/> at a new 交办会.</summary>
    public static async Task ReviewAndAssignAsync(IPage office, int id, string title, string unitName, DateOnly today)
    {
        await office.OpenTaskAsync(title, "审核");
        await office.CheckChoiceAsync("decision", "accept");
        await office.SubmitTaskAsync("审核");
        await office.GotoAsync("/Meetings");
        await office.FillAsync("#Input_Name", $"E2E 交办会 {Guid.NewGuid().ToString("N")[..4]}");
        await office.FillAsync("#Input_HeldOn", PageActions.Iso(today));
        await office.ClickAsync("main form[method=post] button.btn-primary");
        await office.WaitForURLAsync(new Regex(@"/Meetings/\d+"));
        await office.FillAsync("#f-q", title);
        await office.ClickAsync("form.filters button[type=submit]");
        var candidate = office.Locator($"#candidates tr[data-suggestion-id='{id}']");
        await candidate.Locator("input[data-field='Selected']").CheckAsync();
        await candidate.Locator("input[data-field='LeadUnit']").FillAsync(unitName);
        await office.ClickAsync("#assign-form button[type=submit]");
        await Assertions.Expect(office.Locator("#assigned")).ToContainTextAsync(title, new() { Timeout = 30_000 });
    }
}
