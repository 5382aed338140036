using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine;
using SupervisionFlow.Web.Data;
using SupervisionFlow.Web.Domain.Handling;
using SupervisionFlow.Web.Features.Auth;

namespace SupervisionFlow.Web.Features.Designer;

/// <summary>流程设计: every deployed process with its versions (who deployed each, when) and the process choices.</summary>
[Authorize(Policy = Policies.Admin)]
public sealed class IndexModel(ProcessEngine engine, AppDbContext db, ProcessSelection selection) : PageModel
{
    public sealed record VersionRow(string Id, int Version, string? Name, DateTime DeployedAt, string DeployedBy);

    public sealed record ProcessRow(string Key, string? Name, IReadOnlyList<VersionRow> Versions)
    {
        public VersionRow Latest => Versions[0];
    }

    public IReadOnlyList<ProcessRow> Processes { get; private set; } = [];

    public IReadOnlyList<ProcessSlotView> Slots { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var definitions = await engine.GetDefinitionsAsync(cancellationToken: cancellationToken);
        var deployers = await DesignerAudit.DeployersAsync(db, cancellationToken);
        var names = await UserNames.DisplayNamesAsync(db, deployers.Values.Select(d => d.Actor), cancellationToken);
        Processes = [.. definitions
            .GroupBy(d => d.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var versions = g.OrderByDescending(d => d.Version)
                    .Select(d => new VersionRow(d.Id, d.Version, d.Name, d.DeployedAt,
                        deployers.TryGetValue(DesignerAudit.Details(d), out var by) ? names.GetValueOrDefault(by.Actor, by.Actor) : "启动时部署或接口部署"))
                    .ToList();
                return new ProcessRow(g.Key, versions[0].Name, versions);
            })
            .OrderBy(p => p.Key, StringComparer.Ordinal)];
        Slots = await selection.GetAllAsync(cancellationToken);
    }
}

/// <summary>User names (as the audit trail and the engine record them) to the display names of the accounts.</summary>
public static class UserNames
{
    public static async Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(AppDbContext db, IEnumerable<string> userNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var wanted = userNames.Where(n => !string.IsNullOrEmpty(n)).Distinct(StringComparer.Ordinal).ToList();
        var found = await db.Users.AsNoTracking()
            .Where(u => u.UserName != null && wanted.Contains(u.UserName))
            .Select(u => new { u.UserName, u.DisplayName })
            .ToListAsync(cancellationToken);
        var result = found.ToDictionary(u => u.UserName!, u => string.IsNullOrEmpty(u.DisplayName) ? u.UserName! : u.DisplayName, StringComparer.Ordinal);
        result.TryAdd("system", "系统");
        return result;
    }
}
