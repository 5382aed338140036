using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Archive;

public sealed class HistoryArchiveRunConfiguration : IEntityTypeConfiguration<HistoryArchiveRun>
{
    public void Configure(EntityTypeBuilder<HistoryArchiveRun> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("history_archive_runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Trigger).HasMaxLength(20);
        builder.Property(r => r.State).HasMaxLength(16);
        builder.Property(r => r.Error).HasMaxLength(4000);
    }
}
