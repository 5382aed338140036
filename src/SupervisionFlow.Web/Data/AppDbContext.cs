using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;
using SupervisionFlow.Web.Domain;
using SupervisionFlow.Web.Features.Auth;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Data;

/// <summary>
/// The host's one DbContext: the engine's tables, the suggestion domain, the mail outbox and the users (ASP.NET Core
/// Identity). Being one context is what lets a task form's domain record and the engine's state commit in one transaction.
/// </summary>
public sealed class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyIdentityTableNames();
        modelBuilder.ApplyEngineModel().ApplyDomainModel().ApplyNotificationsModel();
    }
}
