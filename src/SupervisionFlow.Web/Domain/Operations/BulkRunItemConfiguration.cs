using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Operations;

public sealed class BulkRunItemConfiguration : IEntityTypeConfiguration<BulkRunItem>
{
    public void Configure(EntityTypeBuilder<BulkRunItem> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("bulk_operation_items");
        // The run reads its next chunk by position: the key is that index.
        builder.HasKey(i => new { i.BulkRunId, i.Position });
        builder.Property(i => i.Outcome).HasMaxLength(16);
        builder.Property(i => i.Note).HasMaxLength(1000);
    }
}
