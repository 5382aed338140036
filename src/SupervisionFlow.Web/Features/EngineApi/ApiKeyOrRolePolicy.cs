using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace SupervisionFlow.Web.Features.EngineApi;

/// <summary>
/// The rule shared by the APIs that programs and people both call (the suggestions API, the API reference): an API key
/// (<c>Engine:Api:Keys</c>, header <c>X-Api-Key</c>) or a signed-in user in one of the given roles.
/// </summary>
public static class ApiKeyOrRolePolicy
{
    public static AuthorizationPolicyBuilder RequireApiKeyOrRole(this AuthorizationPolicyBuilder policy, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(policy);
        // The cookie first: its challenge only sets 401 on /api paths, the API-key scheme's then writes the problem body.
        return policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context =>
                context.User.Identities.Any(i => i.IsAuthenticated && i.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
                || roles.Any(context.User.IsInRole));
    }
}
