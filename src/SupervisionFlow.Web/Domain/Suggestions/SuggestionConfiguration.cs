using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>The suggestion aggregate: the suggestion with its co-signers and its handling units.</summary>
public sealed class SuggestionConfiguration : IEntityTypeConfiguration<Suggestion>
{
    public void Configure(EntityTypeBuilder<Suggestion> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("suggestions");
        builder.Property(s => s.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.Title).HasMaxLength(200);
        builder.Property(s => s.Category).HasMaxLength(50);
        builder.Property(s => s.FormedBy).HasMaxLength(50);
        builder.Property(s => s.Disclosure).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.KeyLeaderId).HasMaxLength(50);
        builder.Property(s => s.KeyCommitteeId).HasMaxLength(50);
        builder.Property(s => s.HandlingMode).HasConversion<string>().HasMaxLength(20);
        builder.Property(s => s.State).HasConversion<string>().HasMaxLength(30);
        builder.Property(s => s.ResultClass).HasMaxLength(5);
        builder.Property(s => s.ProcessInstanceId).HasMaxLength(36);
        builder.Property(s => s.BusinessKey).HasMaxLength(20);
        builder.HasIndex(s => s.BusinessKey);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.Ignore(s => s.DisplayNumber);
        builder.HasIndex(s => new { s.Term, s.Session, s.Kind, s.Number }).IsUnique();
        builder.HasIndex(s => s.State);
        builder.HasIndex(s => s.LeadDeputyId);
        builder.HasMany(s => s.CoSigners).WithOne().HasForeignKey(c => c.SuggestionId);
        builder.HasMany(s => s.Units).WithOne().HasForeignKey(u => u.SuggestionId);
    }
}

public sealed class SuggestionCoSignerConfiguration : IEntityTypeConfiguration<SuggestionCoSigner>
{
    public void Configure(EntityTypeBuilder<SuggestionCoSigner> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("suggestion_cosigners");
    }
}

public sealed class SuggestionUnitConfiguration : IEntityTypeConfiguration<SuggestionUnit>
{
    public void Configure(EntityTypeBuilder<SuggestionUnit> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("suggestion_units");
        builder.Property(u => u.UnitId).HasMaxLength(50);
        builder.Property(u => u.Role).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(u => u.UnitId);
    }
}
