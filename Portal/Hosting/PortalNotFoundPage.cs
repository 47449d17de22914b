using Microsoft.AspNetCore.Diagnostics;

namespace Portal.Hosting;

/// <summary>The localized not-found page (Components/Pages/NotFound.razor) for addresses the portal does not know.</summary>
public static class PortalNotFoundPage
{
    public const string Path = "/not-found";

    /// <summary>
    /// A GET or HEAD that ends in an empty 404 is answered again with the page, keeping the 404.
    /// Any other refusal (a form post without its antiforgery token: 400) keeps its own answer.
    /// </summary>
    public static void UsePortalNotFoundPage(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute(Path, createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            await next(context);
            var readingAPage = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            if ((context.Response.StatusCode != StatusCodes.Status404NotFound || !readingAPage) && context.Features.Get<IStatusCodePagesFeature>() is { } pages)
            {
                pages.Enabled = false;
            }
        });
    }
}
