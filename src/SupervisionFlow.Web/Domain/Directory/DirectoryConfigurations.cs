using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SupervisionFlow.Web.Domain.Directory;

public sealed class DeputyConfiguration : IEntityTypeConfiguration<Deputy>
{
    public void Configure(EntityTypeBuilder<Deputy> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("deputies");
        builder.Property(d => d.Name).HasMaxLength(50);
        builder.Property(d => d.Delegation).HasMaxLength(100);
        builder.Property(d => d.Phone).HasMaxLength(30);
        builder.Property(d => d.Email).HasMaxLength(200);
        builder.Property(d => d.UserName).HasMaxLength(100);
        builder.HasIndex(d => d.UserName).IsUnique();
    }
}

public sealed class HandlingUnitConfiguration : IEntityTypeConfiguration<HandlingUnit>
{
    public void Configure(EntityTypeBuilder<HandlingUnit> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("handling_units");
        builder.Property(u => u.Id).HasMaxLength(50);
        builder.Property(u => u.Name).HasMaxLength(100);
        builder.Property(u => u.Kind).HasMaxLength(20);
        builder.Property(u => u.ContactName).HasMaxLength(50);
        builder.Property(u => u.Phone).HasMaxLength(30);
        builder.Property(u => u.Email).HasMaxLength(200);
        builder.Property(u => u.HeadName).HasMaxLength(50);
        builder.Property(u => u.HeadEmail).HasMaxLength(200);
    }
}

public sealed class CommitteeConfiguration : IEntityTypeConfiguration<Committee>
{
    public void Configure(EntityTypeBuilder<Committee> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("committees");
        builder.Property(c => c.Id).HasMaxLength(50);
        builder.Property(c => c.Name).HasMaxLength(100);
        builder.Property(c => c.Fields).HasMaxLength(500);
        builder.Property(c => c.Email).HasMaxLength(200);
    }
}

public sealed class LeaderConfiguration : IEntityTypeConfiguration<Leader>
{
    public void Configure(EntityTypeBuilder<Leader> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("leaders");
        builder.Property(l => l.Id).HasMaxLength(50);
        builder.Property(l => l.Name).HasMaxLength(50);
        builder.Property(l => l.Title).HasMaxLength(100);
        builder.Property(l => l.Kind).HasMaxLength(20);
        builder.Property(l => l.Email).HasMaxLength(200);
    }
}
