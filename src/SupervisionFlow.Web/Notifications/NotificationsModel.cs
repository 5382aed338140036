using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SupervisionFlow.Web.Notifications;

/// <summary>Adds the outbox table (<c>outbox_messages</c>) to the host's DbContext model.</summary>
public static class NotificationsModel
{
    // SQLite hands DateTime back with Kind=Unspecified; the outbox stores UTC only (as the engine's tables do).
    private static readonly ValueConverter<DateTime, DateTime> Utc =
        new(v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private static readonly ValueConverter<DateTime?, DateTime?> NullableUtc =
        new(v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
            v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);

    public static ModelBuilder ApplyNotificationsModel(this ModelBuilder model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.Id).ValueGeneratedOnAdd();
            e.Property(m => m.CreatedAt).HasConversion(Utc);
            e.Property(m => m.Channel).HasMaxLength(10);
            e.Property(m => m.To).HasMaxLength(1000);
            e.Property(m => m.ToName).HasMaxLength(500);
            e.Property(m => m.Subject).HasMaxLength(500);
            e.Property(m => m.DedupKey).HasMaxLength(200);
            e.Property(m => m.NextAttemptAt).HasConversion(Utc);
            e.Property(m => m.SentAt).HasConversion(NullableUtc);
            e.Property(m => m.LastError).HasMaxLength(2000);
            e.Property(m => m.Status).HasMaxLength(10);
            // The guarantee "never sent twice": a second writer of the same notice fails on this index.
            e.HasIndex(m => m.DedupKey).IsUnique();
            // The dispatcher's query: pending rows by due time.
            e.HasIndex(m => new { m.Status, m.NextAttemptAt });
            e.HasIndex(m => m.SuggestionId);
        });
        return model;
    }
}
