using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Domain;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// The host's one DbContext: the engine's tables, the suggestion domain and the mail outbox. Being one context is
/// what lets a task form's domain record and the engine's state commit in one transaction.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyEngineModel().ApplyDomainModel().ApplyNotificationsModel();
}
