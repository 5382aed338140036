using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace SupervisionFlow.Web.Features.Auth;

/// <summary>Identity's tables under names in the style of the other tables, and the extra user columns.</summary>
public static class IdentityModel
{
    public static ModelBuilder ApplyIdentityTableNames(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AppUser>(user =>
        {
            user.ToTable("users");
            user.Property(u => u.DisplayName).HasMaxLength(100);
            user.Property(u => u.UnitId).HasMaxLength(50);
            user.Property(u => u.CommitteeId).HasMaxLength(50);
            user.Property(u => u.LeaderId).HasMaxLength(50);
        });
        modelBuilder.Entity<IdentityRole>().ToTable("roles");
        modelBuilder.Entity<IdentityUserRole<string>>().ToTable("user_roles");
        modelBuilder.Entity<IdentityUserClaim<string>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<string>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<string>>().ToTable("user_tokens");
        modelBuilder.Entity<IdentityRoleClaim<string>>().ToTable("role_claims");
        return modelBuilder;
    }
}
