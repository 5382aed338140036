using Microsoft.EntityFrameworkCore;
using SupervisionFlow.Engine.Persistence;

namespace SupervisionFlow.Web.Notifications;

/// <summary>Adds the outbox table (<c>outbox_messages</c>) to the host's DbContext model.</summary>
public static class NotificationsModel
{
    public static ModelBuilder ApplyNotificationsModel(this ModelBuilder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedOnAdd();
            e.Property(m => m.Channel).HasMaxLength(10);
            e.Property(m => m.To).HasMaxLength(1000);
            e.Property(m => m.ToName).HasMaxLength(500);
            e.Property(m => m.Subject).HasMaxLength(500);
            e.Property(m => m.DedupKey).HasMaxLength(200);
            e.Property(m => m.LastError).HasMaxLength(2000);
            e.Property(m => m.Status).HasMaxLength(10);
            // The guarantee "never sent twice": a second writer of the same notice fails on this index.
            e.HasIndex(m => m.DedupKey).IsUnique();
            // The dispatcher's query: pending rows by due time.
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => m.SuggestionId);
        });
        // UTC in, UTC out, as the engine's and the domain's tables.
        return model.ApplyUtcDateTimes(type => type == typeof(OutboxMessage));
    }
}
