using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Archive;

public sealed class ArchivedSuggestionConfiguration : IEntityTypeConfiguration<ArchivedSuggestion>
{
    public void Configure(EntityTypeBuilder<ArchivedSuggestion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("archived_suggestions");
        // The suggestion's id is the key: a second archiving of the same suggestion (two nodes at once) fails its
        // insert and rolls its chunk back, deletes included.
        builder.HasKey(a => a.SuggestionId);
        builder.Property(a => a.SuggestionId).ValueGeneratedNever();
        builder.Property(a => a.FileName).HasMaxLength(200);
        builder.Property(a => a.Sha256).HasMaxLength(64);
    }
}
