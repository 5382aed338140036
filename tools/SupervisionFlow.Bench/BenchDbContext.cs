using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Bench;

/// <summary>
/// The benchmark's host context: the engine's tables, one tiny table for the raw commit rate, and the mail outbox
/// (for the <c>mail</c> run).
/// </summary>
internal sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    public DbSet<BenchRow> Rows => Set<BenchRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<BenchRow>(e =>
        {
            e.ToTable("bench_rows");
            e.HasKey(r => r.Id);
        });
        modelBuilder.ApplyEngineModel();
        modelBuilder.ApplyNotificationsModel();
    }
}

/// <summary>One row of <c>bench_rows</c>: an integer key and an integer, nothing to index.</summary>
internal sealed class BenchRow
{
    public long Id { get; set; }

    public int Value { get; set; }
}
