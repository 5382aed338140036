using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Engine.Tests.TestSupport;

/// <summary>Stands in for the host's DbContext: nothing but the engine's tables, contributed the way the host does.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyEngineModel();
}
