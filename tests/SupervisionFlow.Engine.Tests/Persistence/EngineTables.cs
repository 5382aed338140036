using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Engine.Tests.TestSupport;

namespace SupervisionFlow.Engine.Tests.Persistence;

/// <summary>
/// Every row of every engine table, read straight from the database and written out as JSON: two equal snapshots
/// mean a command left instance, variables, tasks, candidates, jobs, subscriptions, incidents and history untouched.
/// </summary>
internal static class EngineTables
{
    public static async Task<string> SnapshotAsync(EngineHarness harness)
    {
        await using var db = harness.CreateDbContext();
        var tables = new Dictionary<string, object>
        {
            ["definitions"] = await db.Set<ProcessDefinitionRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            ["instances"] = await db.Set<ProcessInstanceRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            ["tasks"] = await db.Set<UserTaskRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            ["candidates"] = await db.Set<TaskCandidateRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            ["jobs"] = await db.Set<JobRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            ["subscriptions"] = await db.Set<MessageSubscriptionRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            ["incidents"] = await db.Set<IncidentRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            ["history"] = await db.Set<HistoryActivityRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            ["variables"] = await db.Set<HistoryVariableRecord>().AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
        };
        return JsonSerializer.Serialize(tables, new JsonSerializerOptions { WriteIndented = true });
    }
}
