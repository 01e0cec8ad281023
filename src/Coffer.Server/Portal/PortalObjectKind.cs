using Coffer.Core;

namespace Coffer.Server.Portal;

/// <summary>Endpoint metadata: the kind of object a portal route's <c>{name}</c> names (for RBAC's resource path).</summary>
internal sealed record PortalObjectKind(ObjectKind Kind);
