using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Portal.Api;

/// <summary>The read-only API's OpenAPI document (<c>/openapi/v1.json</c>): the /api/v1 endpoints, behind a bearer token.</summary>
public static class ApiOpenApi
{
    public const string SecurityScheme = "bearer";

    public static void Configure(OpenApiOptions options)
    {
        options.ShouldInclude = endpoint => endpoint.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Energy portal read-only API";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SecurityScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A personal token made on /account/api-tokens: Authorization: Bearer pt_...",
            };
            document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SecurityScheme, document)] = [] }];
            return Task.CompletedTask;
        });
    }
}
