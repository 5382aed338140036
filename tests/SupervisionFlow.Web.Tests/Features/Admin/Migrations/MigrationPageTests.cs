using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SupervisionFlow.Engine.Operations;
using SupervisionFlow.Engine.Queries;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Audit;
using SupervisionFlow.Web.Features.Admin.Migrations;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Tests.TestSupport;

namespace SupervisionFlow.Web.Tests.Features.Admin.Migrations;

/// <summary>版本迁移: the proposed mapping shown editable, a dry run naming what cannot move, the run and its audit on the timeline.</summary>
public sealed class MigrationPageTests
{
    private const string Source = "suggestion-handling:1";
    private const string Target = "suggestion-handling:2";
    private const string Page = $"/Admin/Migrations?key=suggestion-handling&source={Source}&target={Target}";

    [Fact]
    public async Task MigrationPage_ProposedMappingDryRunThenExecute_SuggestionsOnVersionTwoAudited()
    {
        await using var world = await WebWorld.StartAsync();
        var first = await world.AssignedAsync("jtj");
        await world.AssignedAsync("jtj", "关于增设社区停车位的建议");
        await world.Engine.DeployAsync(HandlingVersionTwo.Xml());
        using var admin = await world.ClientAsAsync(WebWorld.Users.First(u => u.Value.Role == Roles.Admin).Key);

        var page = await admin.GetStringAsync(Page);
        Assert.Contains("""<select name="Mapping[acknowledge]" data-source="acknowledge">""", page);
        Assert.Contains("""<option value="acknowledge" selected="selected">""", page);

        var mapping = (await world.Engine.ProposeMigrationAsync(Source, Target)).ActivityMapping;
        var unmapped = await Post(admin, "DryRun", mapping.Where(m => m.Key != "acknowledge"));
        Assert.Contains("可迁移 <strong>0</strong>", unmapped);
        Assert.Contains(OperationErrorCodes.MigrationActivityUnmapped, unmapped);

        var dryRun = await Post(admin, "DryRun", mapping);
        Assert.Contains("办理中 <strong>2</strong> 件，可迁移 <strong>2</strong> 件", dryRun);

        var executed = await Post(admin, "Execute", mapping);
        Assert.Contains("已迁移 <strong>2</strong> 件", executed);
        var instance = (await world.Engine.FindInstancesAsync(new InstanceQuery(BusinessKey: first.ToString(System.Globalization.CultureInfo.InvariantCulture), DefinitionKey: "suggestion-handling"))).Single();
        Assert.Equal(Target, instance.DefinitionId);
        var audited = await world.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Set<AuditEntry>()
            .Where(a => a.Action == MigrationRunner.Migrated && a.SuggestionId == first).ToListAsync());
        Assert.Contains($"{Source} → {Target}", Assert.Single(audited).Details);
        Assert.Contains("迁移流程版本", await admin.GetStringAsync($"/Suggestions/{first}"));
    }

    [Fact]
    public async Task MigrationPage_Background_HangfireJobMigratesProgressStoredInBatchRow()
    {
        await using var world = await WebWorld.StartAsync();
        var first = await world.AssignedAsync("jtj");
        await world.AssignedAsync("jtj", "关于增设社区停车位的建议");
        await world.Engine.DeployAsync(HandlingVersionTwo.Xml());
        using var admin = await world.ClientAsAsync(WebWorld.Users.First(u => u.Value.Role == Roles.Admin).Key);
        var mapping = (await world.Engine.ProposeMigrationAsync(Source, Target)).ActivityMapping;

        var fields = mapping.Select(m => new KeyValuePair<string, string>($"Mapping[{m.Key}]", m.Value)).Append(new("source", Source)).Append(new("target", Target));
        var started = await admin.PostFormAsync("/Admin/Migrations?handler=Background", fields, tokenFrom: Page);
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var progressPage = started.Headers.Location!.OriginalString;
        Assert.Contains("batch=", progressPage);

        var html = "";
        for (var waited = 0; waited < 60 && !html.Contains("data-state=\"Done\"", StringComparison.Ordinal); waited++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            html = await admin.GetStringAsync(progressPage);
        }
        Assert.Contains("data-state=\"Done\"", html);
        Assert.Contains("共 <strong>2</strong> 件，已处理 <strong>2</strong> 件，已迁移 <strong>2</strong> 件", html);
        var batch = await world.WithScopeAsync(services => services.GetRequiredService<AppDbContext>().Set<MigrationBatch>().AsNoTracking().SingleAsync());
        Assert.Equal((MigrationBatch.Done, 2, 2, "sysadmin"), (batch.State, batch.Total, batch.Migrated, batch.RequestedBy));
        var instance = (await world.Engine.FindInstancesAsync(new InstanceQuery(BusinessKey: first.ToString(System.Globalization.CultureInfo.InvariantCulture), DefinitionKey: "suggestion-handling"))).Single();
        Assert.Equal(Target, instance.DefinitionId);
    }

    [Fact]
    public async Task MigrationPage_NotAdmin_Refused()
    {
        await using var world = await WebWorld.StartAsync();
        using var office = await world.ClientAsAsync(WebWorld.Users.First(u => u.Value.Role == Roles.Office).Key);

        var response = await office.GetAsync("/Admin/Migrations");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> Post(HttpClient client, string handler, IEnumerable<KeyValuePair<string, string>> mapping)
    {
        var fields = mapping.Select(m => new KeyValuePair<string, string>($"Mapping[{m.Key}]", m.Value))
            .Append(new("source", Source)).Append(new("target", Target));
        var response = await client.PostFormAsync($"/Admin/Migrations?handler={handler}", fields, tokenFrom: Page);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        return html;
    }
}
