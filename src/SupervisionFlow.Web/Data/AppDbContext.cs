using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Domain;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// The host's one DbContext: the engine's tables, the suggestion domain, the mail outbox, the users (ASP.NET Core
/// Identity) and the data-protection keys. Being one context is what lets a task form's domain record and the engine's
/// state commit in one transaction; the keys being here is what lets every node read the cookies the others issued.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyIdentityTableNames();
        modelBuilder.ApplyEngineModel().ApplyDomainModel().ApplyNotificationsModel();
        Features.Admin.Migrations.MigrationBatchModel.ApplyMigrationBatchModel(modelBuilder);
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        if (Database.IsSqlServer())
        {
            // Last, so it sees every key and index the lines above declared. Each provider builds its own model.
            modelBuilder.ApplySqlServerKeyLengths();
        }
    }
}
