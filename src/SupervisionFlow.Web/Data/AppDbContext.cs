using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// The host's one DbContext. The engine contributes its tables here (<c>ApplyEngineModel</c>), so later domain
/// tables and engine rows can commit in one transaction.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyEngineModel();
}
