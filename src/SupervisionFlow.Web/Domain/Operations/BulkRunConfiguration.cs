using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Operations;

public sealed class BulkRunConfiguration : IEntityTypeConfiguration<BulkRun>
{
    public void Configure(EntityTypeBuilder<BulkRun> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("bulk_operations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Action).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Reason).HasMaxLength(1000);
        builder.Property(r => r.ToUnitId).HasMaxLength(50);
        builder.Property(r => r.RequestedBy).HasMaxLength(100);
        builder.Property(r => r.RequestedByName).HasMaxLength(100);
        builder.Property(r => r.RequestedGroups).HasMaxLength(200);
        builder.Property(r => r.State).HasMaxLength(16);
        builder.Ignore(r => r.Request);
        builder.Ignore(r => r.Actor);
        builder.Ignore(r => r.Percent);
        // The office's list of recent bulk actions reads newest first.
        builder.HasIndex(r => r.CreatedAt);
        builder.HasMany(r => r.Items).WithOne().HasForeignKey(i => i.BulkRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
