// Generated from the node's OpenAPI document by test/web-api-types.test.ts (UPDATE_API_TYPES=1). Do not edit.
export interface paths {
    "/api/v1/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Alerts the asset watch raised, newest first, by state or asset */
        get: {
            parameters: {
                query?: {
                    /** @description an asset's id or name */
                    asset?: string;
                    limit?: number;
                    state?: "new" | "acknowledged" | "resolved" | "false-positive";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts: {
                                asset: {
                                    id: string;
                                    name: string;
                                };
                                changes: {
                                    actor: string;
                                    at: string;
                                    from: string;
                                    note: string | null;
                                    to: string;
                                }[];
                                created_at: string;
                                creator: string | null;
                                /** @description what matched and why */
                                evidence: {
                                    cves?: string[];
                                    /** @description each reason: the asset's list and entry, the value in the intelligence, where it was found and why */
                                    matches: {
                                        entry: string;
                                        field: string;
                                        value: string;
                                        where: string;
                                        why: string;
                                    }[];
                                    /** @description the relationship that joined the intelligence to what matched */
                                    via?: string;
                                };
                                id: string;
                                object: {
                                    id: string;
                                    type: string;
                                    version: string;
                                };
                                sharers: string[];
                                state: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One alert: the asset, the intelligence that touched it, who shared it, the evidence and every state change */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            asset: {
                                id: string;
                                name: string;
                            };
                            changes: {
                                actor: string;
                                at: string;
                                from: string;
                                note: string | null;
                                to: string;
                            }[];
                            created_at: string;
                            creator: string | null;
                            /** @description what matched and why */
                            evidence: {
                                cves?: string[];
                                /** @description each reason: the asset's list and entry, the value in the intelligence, where it was found and why */
                                matches: {
                                    entry: string;
                                    field: string;
                                    value: string;
                                    where: string;
                                    why: string;
                                }[];
                                /** @description the relationship that joined the intelligence to what matched */
                                via?: string;
                            };
                            id: string;
                            object: {
                                id: string;
                                type: string;
                                version: string;
                            };
                            sharers: string[];
                            state: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/alerts/{id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge, resolve or mark an alert a false positive, with a note (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        state: "acknowledged" | "resolved" | "false-positive";
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            asset: {
                                id: string;
                                name: string;
                            };
                            changes: {
                                actor: string;
                                at: string;
                                from: string;
                                note: string | null;
                                to: string;
                            }[];
                            created_at: string;
                            creator: string | null;
                            /** @description what matched and why */
                            evidence: {
                                cves?: string[];
                                /** @description each reason: the asset's list and entry, the value in the intelligence, where it was found and why */
                                matches: {
                                    entry: string;
                                    field: string;
                                    value: string;
                                    where: string;
                                    why: string;
                                }[];
                                /** @description the relationship that joined the intelligence to what matched */
                                via?: string;
                            };
                            id: string;
                            object: {
                                id: string;
                                type: string;
                                version: string;
                            };
                            sharers: string[];
                            state: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The registered critical information infrastructure assets, by name (local-only: never shared) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assets: {
                                contact: string;
                                created_at: string;
                                created_by: string;
                                criticality: string;
                                domains: string[];
                                id: string;
                                name: string;
                                notes: string | null;
                                owner: string;
                                ranges: string[];
                                sector: string;
                                software: string[];
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Register an asset; it is run against the intelligence already held at once (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        contact: string;
                        /** @description low, medium, high, critical */
                        criticality: string;
                        /** @description domains and host names; a domain covers its sub-domains */
                        domains?: string[];
                        name: string;
                        notes?: string | null;
                        owner: string;
                        /** @description IPv4/IPv6 addresses and CIDR networks */
                        ranges?: string[];
                        /** @description a STIX 2.1 industry sector: agriculture, aerospace, automotive, chemical, commercial, communications, construction, defense, education, energy, entertainment, financial-services, government, emergency-services, government-local, government-national, government-public-services, government-regional, healthcare, hospitality-leisure, infrastructure, dams, nuclear, water, insurance, manufacturing, mining, non-profit, pharmaceuticals, retail, technology, telecommunications, transportation, utilities, legal */
                        sector: string;
                        /** @description CPE 2.3 formatted strings, with versions */
                        software?: string[];
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description alerts the asset raised against what the node holds */
                            alerts_raised: number;
                            asset: {
                                contact: string;
                                created_at: string;
                                created_by: string;
                                criticality: string;
                                domains: string[];
                                id: string;
                                name: string;
                                notes: string | null;
                                owner: string;
                                ranges: string[];
                                sector: string;
                                software: string[];
                                updated_at: string;
                            };
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One asset, by id or name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the asset's id (asset--…) or name */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact: string;
                            created_at: string;
                            created_by: string;
                            criticality: string;
                            domains: string[];
                            id: string;
                            name: string;
                            notes: string | null;
                            owner: string;
                            ranges: string[];
                            sector: string;
                            software: string[];
                            updated_at: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Remove an asset; its alerts stay (audited) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the asset's id (asset--…) or name */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 204 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an asset (the fields given; lists are replaced whole) and run it against what is held again (audited) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description the asset's id (asset--…) or name */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        contact?: string;
                        /** @description low, medium, high, critical */
                        criticality?: string;
                        /** @description domains and host names; a domain covers its sub-domains */
                        domains?: string[];
                        name?: string;
                        notes?: string | null;
                        owner?: string;
                        /** @description IPv4/IPv6 addresses and CIDR networks */
                        ranges?: string[];
                        /** @description a STIX 2.1 industry sector: agriculture, aerospace, automotive, chemical, commercial, communications, construction, defense, education, energy, entertainment, financial-services, government, emergency-services, government-local, government-national, government-public-services, government-regional, healthcare, hospitality-leisure, infrastructure, dams, nuclear, water, insurance, manufacturing, mining, non-profit, pharmaceuticals, retail, technology, telecommunications, transportation, utilities, legal */
                        sector?: string;
                        /** @description CPE 2.3 formatted strings, with versions */
                        software?: string[];
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description alerts the asset raised against what the node holds */
                            alerts_raised: number;
                            asset: {
                                contact: string;
                                created_at: string;
                                created_by: string;
                                criticality: string;
                                domains: string[];
                                id: string;
                                name: string;
                                notes: string | null;
                                owner: string;
                                ranges: string[];
                                sector: string;
                                software: string[];
                                updated_at: string;
                            };
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/assets/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import assets from CSV: all rows, or none when any row is bad (every bad row named by line; audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description CSV text with the header name,sector,criticality,owner,contact,ranges,domains,software (notes optional); lists separated by ; */
                        csv: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            alerts_raised: number;
                            assets: {
                                contact: string;
                                created_at: string;
                                created_by: string;
                                criticality: string;
                                domains: string[];
                                id: string;
                                name: string;
                                notes: string | null;
                                owner: string;
                                ranges: string[];
                                sector: string;
                                software: string[];
                                updated_at: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Query the audit log */
        get: {
            parameters: {
                query?: {
                    /** @description e.g. auth.sign-in-failed */
                    action?: string;
                    /** @description e.g. user:admin */
                    actor?: string;
                    /** @description the `next` value of the previous page */
                    after?: number;
                    /** @description timestamp, inclusive */
                    from?: string;
                    /** @description default 100 */
                    limit?: number;
                    /** @description timestamp, inclusive */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                action: string;
                                actor: string;
                                at: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                hash: string;
                                outcome: string;
                                prev_hash: string;
                                seq: number;
                                target: string | null;
                            }[];
                            next?: number;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit/verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify the audit chain and its signed checkpoints now (as `accord audit verify`): whether it is intact, and where the first break is */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description entries that passed every check (before the first bad one) */
                            checked: number;
                            checkpoints: {
                                /** @description checkpoints in the file kept outside the store */
                                file: number;
                                /** @description the entry the newest validly signed checkpoint signs (0: none) */
                                newest: number;
                                /** @description checkpoints kept in the store */
                                store: number;
                            };
                            /** @description the first problem, at the lowest entry */
                            first_bad: {
                                message: string;
                                reason: "gap" | "out-of-sequence" | "broken-link" | "hash-mismatch" | "truncated" | "checkpoint-mismatch" | "bad-signature" | "unknown-key" | "bad-checkpoint";
                                seq: number;
                            } | null;
                            /** @description the last entry verified */
                            head: {
                                hash: string;
                                seq: number;
                            } | null;
                            /** @description the chain and every checkpoint verify */
                            ok: boolean;
                            /** @description entries after the newest checkpoint: chained, not yet signed */
                            unsealed: number;
                            verified_at: string;
                            warnings: string[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the TAXII collections with who may read and write them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collections: {
                                /** @description usable instead of the id in TAXII URLs */
                                alias: string | null;
                                created_at: string;
                                description: string | null;
                                /** @description TAXII collection id (UUIDv4) */
                                id: string;
                                media_types: string[];
                                readers: string[];
                                /** @description all: a view of every object on the node; members: the objects posted or added to it */
                                scope: "all" | "members";
                                title: string;
                                updated_at: string;
                                /** @description the collection's TAXII URL (relative to the node) */
                                url: string;
                                writers: string[];
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a TAXII collection */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        alias?: string | null;
                        description?: string | null;
                        /** @description a UUIDv4; generated when omitted */
                        id?: string;
                        /** @description media types of the objects it holds (STIX 2.1) */
                        media_types?: string[];
                        /** @description who may read: role:<admin|analyst|liaison|observer> or user:<username> */
                        readers?: string[];
                        /** @description default members */
                        scope?: "all" | "members";
                        title: string;
                        /** @description who may write: role:<admin|analyst|liaison|observer> or user:<username> */
                        writers?: string[];
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description usable instead of the id in TAXII URLs */
                            alias: string | null;
                            created_at: string;
                            description: string | null;
                            /** @description TAXII collection id (UUIDv4) */
                            id: string;
                            media_types: string[];
                            readers: string[];
                            /** @description all: a view of every object on the node; members: the objects posted or added to it */
                            scope: "all" | "members";
                            title: string;
                            updated_at: string;
                            /** @description the collection's TAXII URL (relative to the node) */
                            url: string;
                            writers: string[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/collections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a collection (the objects it lists stay on the node) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description id or alias */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 204 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a collection's title, description, alias, media types, readers or writers */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description id or alias */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        alias?: string | null;
                        description?: string | null;
                        /** @description media types of the objects it holds (STIX 2.1) */
                        media_types?: string[];
                        /** @description who may read: role:<admin|analyst|liaison|observer> or user:<username> */
                        readers?: string[];
                        title?: string;
                        /** @description who may write: role:<admin|analyst|liaison|observer> or user:<username> */
                        writers?: string[];
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description usable instead of the id in TAXII URLs */
                            alias: string | null;
                            created_at: string;
                            description: string | null;
                            /** @description TAXII collection id (UUIDv4) */
                            id: string;
                            media_types: string[];
                            readers: string[];
                            /** @description all: a view of every object on the node; members: the objects posted or added to it */
                            scope: "all" | "members";
                            title: string;
                            updated_at: string;
                            /** @description the collection's TAXII URL (relative to the node) */
                            url: string;
                            writers: string[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/detect/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Match log events (application/x-ndjson, one event per line) against the active indicators; matches are answered and kept (audited) */
        post: {
            parameters: {
                query?: {
                    /** @description the log format of each line: eve, zeek, cef (default eve, Suricata eve.json) */
                    format?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the first matches */
                            detections: {
                                /** @description index: the index decided; pattern: the whole pattern was evaluated on the event */
                                by: string;
                                event_type: string;
                                indicator: string;
                                indicator_name?: string;
                                line?: number;
                                /** @description for a pattern over several observations: the lines of all its events (this request's; 0 for an event of an earlier request) */
                                lines?: number[];
                                path?: string;
                                time?: string;
                                value?: string | number;
                            }[];
                            /** @description lines read as events */
                            events: number;
                            /** @description indicator matches, one per event and indicator */
                            matches: number;
                            /** @description lines that gave no event (not JSON, too long, …) */
                            skipped: number;
                            /** @description the first skipped lines */
                            skips: {
                                line: number;
                                reason: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/detections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Detection alerts: what matched the member's own logs, one open alert per indicator, the last updated first */
        get: {
            parameters: {
                query?: {
                    /** @description only the alerts of this indicator */
                    indicator?: string;
                    limit?: number;
                    state?: "new" | "acknowledged" | "resolved" | "false-positive";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            detections: ({
                                /** @description state changes, oldest first */
                                changes: {
                                    actor: string;
                                    at: string;
                                    from: string;
                                    note: string | null;
                                    to: string;
                                }[];
                                count: number;
                                created_at: string;
                                /** @description the first events that matched */
                                evidence: {
                                    event_type: string;
                                    line: number | null;
                                    observed_data: string;
                                    path: string | null;
                                    raw: string | null;
                                    seen: string;
                                    source: string;
                                    value: string | null;
                                    /** @description the event's values by object path */
                                    values: unknown;
                                    why: string;
                                }[];
                                first_seen: string;
                                id: string;
                                indicator: {
                                    id: string;
                                    name: string | null;
                                    originator: string | null;
                                };
                                last_seen: string;
                                sighting: {
                                    id: string;
                                    shared_at: string | null;
                                    shared_version: string | null;
                                    version: string | null;
                                };
                                state: string;
                                updated_at: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/detections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One detection alert: the indicator and its originator, count, first and last seen, the evidence, its sighting and every state change */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description state changes, oldest first */
                            changes: {
                                actor: string;
                                at: string;
                                from: string;
                                note: string | null;
                                to: string;
                            }[];
                            count: number;
                            created_at: string;
                            /** @description the first events that matched */
                            evidence: {
                                event_type: string;
                                line: number | null;
                                observed_data: string;
                                path: string | null;
                                raw: string | null;
                                seen: string;
                                source: string;
                                value: string | null;
                                /** @description the event's values by object path */
                                values: unknown;
                                why: string;
                            }[];
                            first_seen: string;
                            id: string;
                            indicator: {
                                id: string;
                                name: string | null;
                                originator: string | null;
                            };
                            last_seen: string;
                            sighting: {
                                id: string;
                                shared_at: string | null;
                                shared_version: string | null;
                                version: string | null;
                            };
                            state: string;
                            updated_at: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/detections/{id}/share": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share the alert's current sighting (and with_evidence its observed-data) with the indicator's originator alone (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the TLP to share under (default amber+strict) */
                        tlp?: "clear" | "green" | "amber" | "amber+strict" | "red";
                        /** @description the observed-data of the sampled events and their SCOs too */
                        with_evidence?: boolean;
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            originator: string;
                            /** @description the publication request filed instead, under the four-eyes rule */
                            publication: string | null;
                            refused: {
                                code: string;
                                id: string;
                                reason: string;
                            }[];
                            shared: number;
                            sighting: {
                                id: string;
                                version: string;
                            };
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/detections/{id}/state": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge, resolve or mark a detection alert a false positive (which files a false-positive sighting), with a note (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        /** @description false-positive: share the false-positive sighting with the indicator's originator */
                        share?: boolean;
                        state: "acknowledged" | "resolved" | "false-positive";
                        /** @description the TLP to share under (default amber+strict) */
                        tlp?: "clear" | "green" | "amber" | "amber+strict" | "red";
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description state changes, oldest first */
                            changes: {
                                actor: string;
                                at: string;
                                from: string;
                                note: string | null;
                                to: string;
                            }[];
                            count: number;
                            created_at: string;
                            /** @description the first events that matched */
                            evidence: {
                                event_type: string;
                                line: number | null;
                                observed_data: string;
                                path: string | null;
                                raw: string | null;
                                seen: string;
                                source: string;
                                value: string | null;
                                /** @description the event's values by object path */
                                values: unknown;
                                why: string;
                            }[];
                            first_seen: string;
                            id: string;
                            indicator: {
                                id: string;
                                name: string | null;
                                originator: string | null;
                            };
                            last_seen: string;
                            sighting: {
                                id: string;
                                shared_at: string | null;
                                shared_version: string | null;
                                version: string | null;
                            };
                            state: string;
                            updated_at: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live change notices (server-sent events)
         * @description A text/event-stream. `event: marks` first and whenever something changed, with `data` {objects, alerts, detections}: opaque marks to compare with the last ones seen, then ask the API again. A comment line every 25 seconds keeps proxies from closing the stream.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The saved exports (device feeds) of this node, by name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            exports: {
                                ceiling: string | null;
                                created_at: string;
                                created_by: string;
                                filter: {
                                    /** @description only indicators added to this node after this STIX timestamp */
                                    added_after?: string;
                                    /** @description only indicators created by one of these identities */
                                    creators?: string[];
                                    /** @description only values of these kinds */
                                    kinds?: ("ip" | "cidr" | "domain" | "url" | "email" | "hash")[];
                                    /** @description only indicators with one of these STIX labels */
                                    labels?: string[];
                                };
                                format: string;
                                include_warninglisted: boolean;
                                list: string | null;
                                name: string;
                                /** @description where devices poll it, relative to the node */
                                url: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Define a saved export, served to devices at /feeds/<name> (audited) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description clear, green, amber or amber+strict (RED never goes into a device feed) */
                        ceiling?: string;
                        filter?: {
                            /** @description only indicators added to this node after this STIX timestamp */
                            added_after?: string;
                            /** @description only indicators created by one of these identities */
                            creators?: string[];
                            /** @description only values of these kinds */
                            kinds?: ("ip" | "cidr" | "domain" | "url" | "email" | "hash")[];
                            /** @description only indicators with one of these STIX labels */
                            labels?: string[];
                        };
                        format: "zeek" | "suricata" | "suricata-datasets" | "snort" | "blocklist" | "csv" | "stix" | "misp";
                        /** @description values on warninglists go in too (left out by default) */
                        include_warninglisted?: boolean;
                        /** @description blocklist format only: ip, cidr, domain, url or hash */
                        list?: string;
                        /** @description a-z, 0-9 and -: the feed is served at /feeds/<name> */
                        name: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ceiling: string | null;
                            created_at: string;
                            created_by: string;
                            filter: {
                                /** @description only indicators added to this node after this STIX timestamp */
                                added_after?: string;
                                /** @description only indicators created by one of these identities */
                                creators?: string[];
                                /** @description only values of these kinds */
                                kinds?: ("ip" | "cidr" | "domain" | "url" | "email" | "hash")[];
                                /** @description only indicators with one of these STIX labels */
                                labels?: string[];
                            };
                            format: string;
                            include_warninglisted: boolean;
                            list: string | null;
                            name: string;
                            /** @description where devices poll it, relative to the node */
                            url: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One saved export: its format, TLP ceiling and filter */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ceiling: string | null;
                            created_at: string;
                            created_by: string;
                            filter: {
                                /** @description only indicators added to this node after this STIX timestamp */
                                added_after?: string;
                                /** @description only indicators created by one of these identities */
                                creators?: string[];
                                /** @description only values of these kinds */
                                kinds?: ("ip" | "cidr" | "domain" | "url" | "email" | "hash")[];
                                /** @description only indicators with one of these STIX labels */
                                labels?: string[];
                            };
                            format: string;
                            include_warninglisted: boolean;
                            list: string | null;
                            name: string;
                            /** @description where devices poll it, relative to the node */
                            url: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a saved export; devices polling it get 404 from then on (audited) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 204 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/imports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import STIX 2.1 objects (a bundle, a JSON array or JSON lines); answers JSON lines: progress, per-object results, summary
         * @description Send the file as application/json, application/stix+json, application/x-ndjson, application/jsonl. The answer (200, application/x-ndjson) is a stream of lines: {"progress":{"bytes","items"}} after each stored batch, {"result":{"index","id","status","code","message","line","column"}} for each object rejected or stored with warnings (the first 1000), and last {"summary":{"items","new","new_version","unchanged","rejected","warned","fatal"}}. Every stored batch is in the audit log.
         */
        post: {
            parameters: {
                query?: {
                    /** @description the uploaded file's name, for the audit log */
                    name?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/indicators/{id}/sightings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every sighting this node holds of an indicator (this member's and those shared with it), with totals per member and per type */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            by_member: {
                                count: number;
                                member: string;
                                sightings: number;
                                type: string;
                            }[];
                            by_type: {
                                expiry: {
                                    count: number;
                                    sightings: number;
                                };
                                "false-positive": {
                                    count: number;
                                    sightings: number;
                                };
                                sighting: {
                                    count: number;
                                    sightings: number;
                                };
                            };
                            indicator: string;
                            sightings: {
                                count: number;
                                creator: string | null;
                                first_seen: string | null;
                                id: string;
                                indicator: string;
                                last_seen: string | null;
                                type: string;
                                version: string;
                                where_sighted: string[];
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** File a sighting, false positive or expiry of an indicator by this member (audited); local unless share is set */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        count?: number;
                        note?: string;
                        /** @description share it with the indicator's originator at once */
                        share?: boolean;
                        /** @description the TLP to share under (default amber+strict) */
                        tlp?: "clear" | "green" | "amber" | "amber+strict" | "red";
                        /** @description sighting (default), false-positive or expiry (MISP sighting types 0, 1, 2) */
                        type?: "sighting" | "false-positive" | "expiry";
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            shared?: {
                                originator: string;
                                /** @description the publication request filed instead, under the four-eyes rule */
                                publication: string | null;
                                refused: {
                                    code: string;
                                    id: string;
                                    reason: string;
                                }[];
                                shared: number;
                                sighting: {
                                    id: string;
                                    version: string;
                                };
                            };
                            sighting: {
                                count: number;
                                creator: string | null;
                                first_seen: string | null;
                                id: string;
                                indicator: string;
                                last_seen: string | null;
                                type: string;
                                version: string;
                                where_sighted: string[];
                            };
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change my password (ends my sessions) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current: string;
                        new: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 204 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** My web preferences */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the interface language; null: the browser's */
                            language: ("en" | "zh" | "ru" | "fr" | "es" | "ar") | null;
                            last_visit_at: string | null;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change my web preferences, or record a visit */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description the interface language; null: the browser's */
                        language?: ("en" | "zh" | "ru" | "fr" | "es" | "ar") | null;
                        /**
                         * @description record a visit now
                         * @constant
                         */
                        visited?: true;
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the interface language; null: the browser's */
                            language: ("en" | "zh" | "ru" | "fr" | "es" | "ar") | null;
                            last_visit_at: string | null;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/me/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start enrolling a TOTP second factor */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            secret: string;
                            uri: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the second factor with a first code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 204 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The members as this node computes them: status, keys, 24/7 contact points, the rule, and proposals waiting for endorsements (who endorsed, who not, how many more) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the pinned charter's hash (absent: a static member list) */
                            charter?: string;
                            /** @description the last decision applied */
                            head?: string | null;
                            members: {
                                contacts?: {
                                    email?: string;
                                    hours?: string;
                                    languages?: string[];
                                    phone?: string;
                                    pointOfContact?: string;
                                };
                                id: string;
                                keys: {
                                    fingerprint: string;
                                    publicKey: string;
                                }[];
                                name: string;
                                nodeUrl: string;
                                status: "active" | "suspended";
                            }[];
                            /** @description decisions waiting for endorsements */
                            pending?: {
                                action: string;
                                endorsedBy: string[];
                                hash: string;
                                id: string;
                                /** @description endorsements that do not count, and why */
                                invalid: {
                                    member: string;
                                    reason: string;
                                }[];
                                /** @description endorsements still needed */
                                needed: number;
                                notYet: string[];
                            }[];
                            refused?: {
                                hash: string;
                                id: string;
                                reason: string;
                            }[];
                            rule?: {
                                /** @constant */
                                kind: "consensus";
                            } | {
                                denominator: number;
                                /** @constant */
                                kind: "qualified-majority";
                                numerator: number;
                            };
                            /** @description this node's member */
                            self: string;
                            sharingGroups: {
                                id: string;
                                name: string;
                                versions: {
                                    members: string[];
                                    version: number;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/proposals": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Propose a membership decision as this member (admit, suspend, readmit, change-url, rotate-key, compromise-key, change-rule), endorsed by it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        action: "admit" | "suspend" | "readmit" | "change-url" | "rotate-key" | "compromise-key" | "change-rule";
                        /** @description compromise-key: the key's fingerprint */
                        fingerprint?: string;
                        /** @description admit: the new member's entry, as `accord members self` prints it on its node */
                        member?: {
                            [key: string]: unknown;
                        };
                        /** @description change-url: the new node URL */
                        node_url?: string;
                        /** @description rotate-key: the new Ed25519 public key, base64url */
                        public_key?: string;
                        /** @description change-rule: consensus or N/D */
                        rule?: string;
                        /** @description compromise-key: from when the key is not to be trusted */
                        since?: string;
                        /** @description a member's identity id */
                        subject?: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            hash: string;
                            id: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/proposals/{id}/endorse": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Endorse a membership decision as this member; says whether it is now applied */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applied: boolean;
                            id: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List and search objects
         * @description Filters combine with AND; values within one filter with OR. Pages follow date_added order; pass `next` back as `cursor`.
         */
        get: {
            parameters: {
                query?: {
                    /** @description STIX timestamp: only versions this node stored after it (as TAXII added_after); "new since my last visit" */
                    added_after?: string;
                    /** @description identity ids of creators (created_by_ref), comma-separated (any of them matches) */
                    creator?: string;
                    /** @description the `next` value of the previous page, with the same filters */
                    cursor?: string;
                    /** @description STIX identifiers, comma-separated (any of them matches) */
                    id?: string;
                    /** @description labels, comma-separated (any of them matches) */
                    label?: string;
                    /** @description page size (default 100, at most 1000) */
                    limit?: number;
                    /** @description marking-definition ids (object_marking_refs), comma-separated (any of them matches) */
                    marking?: string;
                    /** @description STIX timestamp: only versions modified at or after it */
                    modified_since?: string;
                    /** @description STIX timestamp: only versions modified at or before it */
                    modified_until?: string;
                    /** @description full-text search over names, descriptions, patterns and observable values; a trailing * matches a prefix */
                    q?: string;
                    /** @description STIX object types, comma-separated (any of them matches) */
                    type?: string;
                    /** @description which versions of each object (default last) */
                    versions?: "last" | "first" | "all";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One page of objects in date_added order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description true when another page follows */
                            more: boolean;
                            /** @description cursor for the next page */
                            next?: string;
                            objects: ({
                                id: string;
                                type: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objects/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One object with all its stored versions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a STIX identifier */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every stored version of one object, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            versions: {
                                /** @description when this node stored the version (microsecond precision) */
                                date_added: string;
                                latest: boolean;
                                /** @description A STIX 2.1 object exactly as stored */
                                object: {
                                    id: string;
                                    type: string;
                                } & {
                                    [key: string]: unknown;
                                };
                                revoked: boolean;
                                /** @description modified, else created, else date_added */
                                version: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objects/{id}/sharing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who an object held here was shared with: its shares in plain words, and every member that may read its latest version, with the sharing policy's reason */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description a STIX identifier */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Who an object held here was shared with, and why */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description every other member that may read the latest version, and why */
                            readers: {
                                /** @description the sharing policy's reason, in words */
                                explanation: string;
                                member: string;
                                name: string;
                            }[];
                            shares: {
                                /** @description the share record (x-accord-share--…) */
                                id: string;
                                /** @description the version it shares (null: an unversioned SCO) */
                                object_version: string | null;
                                /** @description why it is quarantined */
                                reason: string | null;
                                sharer: string;
                                sharer_name: string;
                                state: "valid" | "quarantined";
                                /** @description its terms in plain words, e.g. "under TLP:GREEN with all members (relay allowed)" */
                                words: string;
                            }[];
                            /** @description the latest version held, which the readers are judged for */
                            version: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/objects/facets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Counts per type, creator, marking and label over the objects the filters match
         * @description The same filters as GET /api/v1/objects. Bounded counting: at most 10,000 of the newest matching objects are counted; above that, `bounded` is true and counts are lower bounds (docs/decisions/0031).
         */
        get: {
            parameters: {
                query?: {
                    /** @description STIX timestamp: only versions this node stored after it (as TAXII added_after); "new since my last visit" */
                    added_after?: string;
                    /** @description identity ids of creators (created_by_ref), comma-separated (any of them matches) */
                    creator?: string;
                    /** @description STIX identifiers, comma-separated (any of them matches) */
                    id?: string;
                    /** @description labels, comma-separated (any of them matches) */
                    label?: string;
                    /** @description marking-definition ids (object_marking_refs), comma-separated (any of them matches) */
                    marking?: string;
                    /** @description STIX timestamp: only versions modified at or after it */
                    modified_since?: string;
                    /** @description STIX timestamp: only versions modified at or before it */
                    modified_until?: string;
                    /** @description full-text search over names, descriptions, patterns and observable values; a trailing * matches a prefix */
                    q?: string;
                    /** @description STIX object types, comma-separated (any of them matches) */
                    type?: string;
                    /** @description which versions of each object (default last) */
                    versions?: "last" | "first" | "all";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Counts per type, creator, marking and label over the objects the filters match (docs/decisions/0031) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the most objects counted */
                            bound: number;
                            /** @description true when more than `bound` objects match: the newest `bound` were counted */
                            bounded: boolean;
                            /** @description each facet's values, most frequent first (at most 50 per facet) */
                            facets: {
                                creator: {
                                    /** @description how many of the counted objects carry the value (a lower bound when `bounded`) */
                                    count: number;
                                    /** @description a readable name: the TLP marking's, or the creator identity's as stored here */
                                    name?: string;
                                    value: string;
                                }[];
                                label: {
                                    /** @description how many of the counted objects carry the value (a lower bound when `bounded`) */
                                    count: number;
                                    /** @description a readable name: the TLP marking's, or the creator identity's as stored here */
                                    name?: string;
                                    value: string;
                                }[];
                                marking: {
                                    /** @description how many of the counted objects carry the value (a lower bound when `bounded`) */
                                    count: number;
                                    /** @description a readable name: the TLP marking's, or the creator identity's as stored here */
                                    name?: string;
                                    value: string;
                                }[];
                                type: {
                                    /** @description how many of the counted objects carry the value (a lower bound when `bounded`) */
                                    count: number;
                                    /** @description a readable name: the TLP marking's, or the creator identity's as stored here */
                                    name?: string;
                                    value: string;
                                }[];
                            };
                            /** @description objects counted: all that match, or `bound` when more match */
                            total: number;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This OpenAPI document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patterns/check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Parse and type-check a STIX pattern: valid with its canonical form, or its errors with line and column */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        pattern: string;
                        /** @description the pattern's STIX version (default 2.1) */
                        stix_version?: "2.1" | "2.0";
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the pattern in canonical form, when valid */
                            canonical?: string;
                            errors?: {
                                code: string;
                                column: number;
                                expected?: string[];
                                line: number;
                                message: string;
                                offset: number;
                                severity: string;
                            }[];
                            stix_version: string;
                            valid: boolean;
                            warnings: {
                                code: string;
                                column: number;
                                expected?: string[];
                                line: number;
                                message: string;
                                offset: number;
                                severity: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/patterns/eval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Test a STIX pattern against sample observed-data: matched and which, or a syntax or evaluation error */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description observed-data SDOs, and for 2.1 the SCOs they refer to */
                        observed_data: {
                            [key: string]: unknown;
                        }[];
                        pattern: string;
                        /** @description the pattern's STIX version (default 2.1) */
                        stix_version?: "2.1" | "2.0";
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: {
                                kind: "syntax" | "evaluation";
                                message: string;
                            };
                            matched?: boolean;
                            /** @description the observed-data of the first binding that satisfies the pattern, in input order */
                            matched_observed_data?: string[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/peers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Sync status of each peer node */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            peers: {
                                accepted: number;
                                caught_up: boolean;
                                checkpoint: string | null;
                                failures: number;
                                lag_seconds: number | null;
                                last_attempt: string | null;
                                last_error: {
                                    at: string;
                                    code: string;
                                    message: string;
                                } | null;
                                last_push: string | null;
                                last_success: string | null;
                                member_id: string;
                                name: string;
                                node_url: string;
                                objects_received: number;
                                push_error: {
                                    at: string;
                                    code: string;
                                    message: string;
                                } | null;
                                /** @description failed pushes since the last accepted one */
                                push_failures: number;
                                /** @description objects and share records pushed to the peer in all */
                                pushed: number;
                                quarantined: number;
                                /** @description the latest entries held back (at most 20); `accord peers quarantine` lists all */
                                recent_quarantine: {
                                    at: string;
                                    code: string;
                                    hash: string | null;
                                    object_id: string | null;
                                    reason: string;
                                    version: string | null;
                                }[];
                                records_received: number;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/publications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List publication requests, oldest first (the review queue) */
        get: {
            parameters: {
                query?: {
                    /** @description the `next` value of the previous page */
                    after?: number;
                    /** @description default 100 */
                    limit?: number;
                    state?: "pending" | "approved" | "rejected" | "withdrawn";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description pass as `after` for the next page */
                            next?: number;
                            publications: {
                                decided_at: string | null;
                                decided_by: string | null;
                                /** @description publication--<UUIDv4> */
                                id: string;
                                object_count: number;
                                /** @description what the approval did */
                                outcome: {
                                    refused: {
                                        code: string;
                                        id: string;
                                        reason: string;
                                    }[];
                                    shared: number;
                                } | null;
                                reason: string | null;
                                requested_at: string;
                                /** @description the person who asked, e.g. user:alice */
                                requested_by: string;
                                state: "pending" | "approved" | "rejected" | "withdrawn";
                                terms: {
                                    /** @description who the share is for: this member alone, named members, a sharing group at a version, or all members */
                                    audience: {
                                        /** @constant */
                                        kind: "sharer";
                                    } | {
                                        /** @constant */
                                        kind: "members";
                                        members: string[];
                                    } | {
                                        group: string;
                                        /** @constant */
                                        kind: "group";
                                        version: number;
                                    } | {
                                        /** @constant */
                                        kind: "all";
                                    };
                                    handling_code?: string;
                                    information_accuracy?: number;
                                    relay: boolean;
                                    source_reliability?: "A" | "B" | "C" | "X";
                                    /** @description clear, green, amber, amber+strict or red (or a TLP marking-definition id) */
                                    tlp: string;
                                };
                                tlp: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/publications/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One publication request with the object versions it names */
        get: {
            parameters: {
                query?: {
                    /** @description objects to list (default 1000) */
                    limit?: number;
                    /** @description the first object to list (default 0) */
                    offset?: number;
                };
                header?: never;
                path: {
                    /** @description publication--<UUIDv4> */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            objects: {
                                hash: string;
                                id: string;
                                version: string;
                            }[];
                            publication: {
                                decided_at: string | null;
                                decided_by: string | null;
                                /** @description publication--<UUIDv4> */
                                id: string;
                                object_count: number;
                                /** @description what the approval did */
                                outcome: {
                                    refused: {
                                        code: string;
                                        id: string;
                                        reason: string;
                                    }[];
                                    shared: number;
                                } | null;
                                reason: string | null;
                                requested_at: string;
                                /** @description the person who asked, e.g. user:alice */
                                requested_by: string;
                                state: "pending" | "approved" | "rejected" | "withdrawn";
                                terms: {
                                    /** @description who the share is for: this member alone, named members, a sharing group at a version, or all members */
                                    audience: {
                                        /** @constant */
                                        kind: "sharer";
                                    } | {
                                        /** @constant */
                                        kind: "members";
                                        members: string[];
                                    } | {
                                        group: string;
                                        /** @constant */
                                        kind: "group";
                                        version: number;
                                    } | {
                                        /** @constant */
                                        kind: "all";
                                    };
                                    handling_code?: string;
                                    information_accuracy?: number;
                                    relay: boolean;
                                    source_reliability?: "A" | "B" | "C" | "X";
                                    /** @description clear, green, amber, amber+strict or red (or a TLP marking-definition id) */
                                    tlp: string;
                                };
                                tlp: string;
                            };
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/publications/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a pending publication request as a second user: its objects are re-checked and shared */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description publication--<UUIDv4> */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            publication: {
                                decided_at: string | null;
                                decided_by: string | null;
                                /** @description publication--<UUIDv4> */
                                id: string;
                                object_count: number;
                                /** @description what the approval did */
                                outcome: {
                                    refused: {
                                        code: string;
                                        id: string;
                                        reason: string;
                                    }[];
                                    shared: number;
                                } | null;
                                reason: string | null;
                                requested_at: string;
                                /** @description the person who asked, e.g. user:alice */
                                requested_by: string;
                                state: "pending" | "approved" | "rejected" | "withdrawn";
                                terms: {
                                    /** @description who the share is for: this member alone, named members, a sharing group at a version, or all members */
                                    audience: {
                                        /** @constant */
                                        kind: "sharer";
                                    } | {
                                        /** @constant */
                                        kind: "members";
                                        members: string[];
                                    } | {
                                        group: string;
                                        /** @constant */
                                        kind: "group";
                                        version: number;
                                    } | {
                                        /** @constant */
                                        kind: "all";
                                    };
                                    handling_code?: string;
                                    information_accuracy?: number;
                                    relay: boolean;
                                    source_reliability?: "A" | "B" | "C" | "X";
                                    /** @description clear, green, amber, amber+strict or red (or a TLP marking-definition id) */
                                    tlp: string;
                                };
                                tlp: string;
                            };
                            readers: {
                                /** @description the sharing policy's reason, in words */
                                explanation: string;
                                member: string;
                                name: string;
                            }[];
                            refused: {
                                code: string;
                                id: string;
                                reason: string;
                            }[];
                            shared: number;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/publications/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reject a pending publication request, with a reason (not by its requester) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description publication--<UUIDv4> */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description why (the requester is told) */
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            decided_at: string | null;
                            decided_by: string | null;
                            /** @description publication--<UUIDv4> */
                            id: string;
                            object_count: number;
                            /** @description what the approval did */
                            outcome: {
                                refused: {
                                    code: string;
                                    id: string;
                                    reason: string;
                                }[];
                                shared: number;
                            } | null;
                            reason: string | null;
                            requested_at: string;
                            /** @description the person who asked, e.g. user:alice */
                            requested_by: string;
                            state: "pending" | "approved" | "rejected" | "withdrawn";
                            terms: {
                                /** @description who the share is for: this member alone, named members, a sharing group at a version, or all members */
                                audience: {
                                    /** @constant */
                                    kind: "sharer";
                                } | {
                                    /** @constant */
                                    kind: "members";
                                    members: string[];
                                } | {
                                    group: string;
                                    /** @constant */
                                    kind: "group";
                                    version: number;
                                } | {
                                    /** @constant */
                                    kind: "all";
                                };
                                handling_code?: string;
                                information_accuracy?: number;
                                relay: boolean;
                                source_reliability?: "A" | "B" | "C" | "X";
                                /** @description clear, green, amber, amber+strict or red (or a TLP marking-definition id) */
                                tlp: string;
                            };
                            tlp: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/publications/{id}/withdraw": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Withdraw one's own pending publication request */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description publication--<UUIDv4> */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            decided_at: string | null;
                            decided_by: string | null;
                            /** @description publication--<UUIDv4> */
                            id: string;
                            object_count: number;
                            /** @description what the approval did */
                            outcome: {
                                refused: {
                                    code: string;
                                    id: string;
                                    reason: string;
                                }[];
                                shared: number;
                            } | null;
                            reason: string | null;
                            requested_at: string;
                            /** @description the person who asked, e.g. user:alice */
                            requested_by: string;
                            state: "pending" | "approved" | "rejected" | "withdrawn";
                            terms: {
                                /** @description who the share is for: this member alone, named members, a sharing group at a version, or all members */
                                audience: {
                                    /** @constant */
                                    kind: "sharer";
                                } | {
                                    /** @constant */
                                    kind: "members";
                                    members: string[];
                                } | {
                                    group: string;
                                    /** @constant */
                                    kind: "group";
                                    version: number;
                                } | {
                                    /** @constant */
                                    kind: "all";
                                };
                                handling_code?: string;
                                information_accuracy?: number;
                                relay: boolean;
                                source_reliability?: "A" | "B" | "C" | "X";
                                /** @description clear, green, amber, amber+strict or red (or a TLP marking-definition id) */
                                tlp: string;
                            };
                            tlp: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retractions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Retractions held here, newest first: this member's and those received, with what each did here */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    /** @description a member's identity id */
                    sharer?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            retractions: {
                                applied_at: string | null;
                                created: string;
                                effect: string;
                                id: string;
                                members: string[] | null;
                                object_hash: string | null;
                                object_id: string | null;
                                object_version: string | null;
                                outcome: string | null;
                                share_id: string | null;
                                sharer: string;
                                /** @description waiting (for the share it names), applied or refused, on this node */
                                state: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Narrow or end one of this member's shares, or purge an object version it shared from every node that holds it (signed, shared, applied here at once) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        effect: "narrow";
                        /** @description the members that keep the share */
                        members: string[];
                        /** @description why (travels with the retraction) */
                        reason?: string;
                        /** @description a share record's id */
                        share_id: string;
                    } | {
                        /** @constant */
                        effect: "end";
                        /** @description why (travels with the retraction) */
                        reason?: string;
                        /** @description a share record's id */
                        share_id: string;
                    } | {
                        /** @constant */
                        effect: "purge";
                        /** @description a STIX identifier */
                        object_id: string;
                        /** @description why (travels with the retraction) */
                        reason?: string;
                        /** @description the version (its modified); default the latest this member shared */
                        version?: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description what applying it did on this node */
                            applied: {
                                detail: string;
                                outcome: string;
                                state: string;
                            };
                            /** @description who it was shared with */
                            audience: {
                                [key: string]: unknown;
                            };
                            /** @description the signed x-accord-retraction object */
                            retraction: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/retractions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One retraction and, per member it went to, who has applied it (a signed receipt came back) and who may still hold the old state */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            applied: number;
                            holders: {
                                at: string | null;
                                detail: string;
                                member: string;
                                name: string;
                                /** @description pending (no receipt yet: it may still hold the old state), applied, content-removed, content-kept or not-held */
                                state: string;
                            }[];
                            pending: number;
                            retraction: {
                                applied_at: string | null;
                                created: string;
                                effect: string;
                                id: string;
                                members: string[] | null;
                                object_hash: string | null;
                                object_id: string | null;
                                object_version: string | null;
                                outcome: string | null;
                                share_id: string | null;
                                sharer: string;
                                /** @description waiting (for the share it names), applied or refused, on this node */
                                state: string;
                            };
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description send back as X-CSRF-Token on requests that change state (web sessions only) */
                            csrf_token?: string;
                            expires_at?: string;
                            must_enrol_totp: boolean;
                            roles: string[];
                            username: string;
                            /** @description session, token or basic */
                            via: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Sign in (web session) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        /** @description one-time code, when the account has a second factor */
                        totp?: string;
                        username: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description send back as X-CSRF-Token on requests that change state (web sessions only) */
                            csrf_token?: string;
                            expires_at?: string;
                            must_enrol_totp: boolean;
                            roles: string[];
                            username: string;
                            /** @description session, token or basic */
                            via: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        /** Sign out */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 204 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shares": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Share up to 1,000 stored objects with other members (201), or file a publication request when the four-eyes rule applies (202) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description who the share is for: this member alone, named members, a sharing group at a version, or all members */
                        audience: {
                            /** @constant */
                            kind: "sharer";
                        } | {
                            /** @constant */
                            kind: "members";
                            members: string[];
                        } | {
                            group: string;
                            /** @constant */
                            kind: "group";
                            version: number;
                        } | {
                            /** @constant */
                            kind: "all";
                        };
                        handling_code?: string;
                        information_accuracy?: number;
                        objects: {
                            /** @description a STIX identifier */
                            id: string;
                            /** @description the version to share (its modified); default the latest */
                            version?: string;
                        }[];
                        /** @description recipients' nodes may pass it on to the rest of the audience (default false) */
                        relay?: boolean;
                        source_reliability?: "A" | "B" | "C" | "X";
                        /** @description clear, green, amber, amber+strict or red (or a TLP marking-definition id) */
                        tlp: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description who may read it now (one object: under all its shares; several: under these terms) */
                            readers: {
                                /** @description the sharing policy's reason, in words */
                                explanation: string;
                                member: string;
                                name: string;
                            }[];
                            records: ({
                                id: string;
                                /** @constant */
                                type: "x-accord-share";
                            } & {
                                [key: string]: unknown;
                            })[];
                            refused: {
                                code: string;
                                id: string;
                                reason: string;
                            }[];
                            shared: number;
                        };
                    };
                };
                /** @description the four-eyes rule applies: nothing was signed; a second user approves the publication request */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            publication: {
                                decided_at: string | null;
                                decided_by: string | null;
                                /** @description publication--<UUIDv4> */
                                id: string;
                                object_count: number;
                                /** @description what the approval did */
                                outcome: {
                                    refused: {
                                        code: string;
                                        id: string;
                                        reason: string;
                                    }[];
                                    shared: number;
                                } | null;
                                reason: string | null;
                                requested_at: string;
                                /** @description the person who asked, e.g. user:alice */
                                requested_by: string;
                                state: "pending" | "approved" | "rejected" | "withdrawn";
                                terms: {
                                    /** @description who the share is for: this member alone, named members, a sharing group at a version, or all members */
                                    audience: {
                                        /** @constant */
                                        kind: "sharer";
                                    } | {
                                        /** @constant */
                                        kind: "members";
                                        members: string[];
                                    } | {
                                        group: string;
                                        /** @constant */
                                        kind: "group";
                                        version: number;
                                    } | {
                                        /** @constant */
                                        kind: "all";
                                    };
                                    handling_code?: string;
                                    information_accuracy?: number;
                                    relay: boolean;
                                    source_reliability?: "A" | "B" | "C" | "X";
                                    /** @description clear, green, amber, amber+strict or red (or a TLP marking-definition id) */
                                    tlp: string;
                                };
                                tlp: string;
                            };
                            /** @description who would read it once approved */
                            readers: {
                                /** @description the sharing policy's reason, in words */
                                explanation: string;
                                member: string;
                                name: string;
                            }[];
                            refused: {
                                code: string;
                                id: string;
                                reason: string;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/shares/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Which members would read an object if it were shared on these terms, and why — nothing is signed, stored or audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description who the share is for: this member alone, named members, a sharing group at a version, or all members */
                        audience: {
                            /** @constant */
                            kind: "sharer";
                        } | {
                            /** @constant */
                            kind: "members";
                            members: string[];
                        } | {
                            group: string;
                            /** @constant */
                            kind: "group";
                            version: number;
                        } | {
                            /** @constant */
                            kind: "all";
                        };
                        handling_code?: string;
                        information_accuracy?: number;
                        object: {
                            /** @description a STIX identifier */
                            id: string;
                            /** @description the version to share (its modified); default the latest */
                            version?: string;
                        };
                        /** @description recipients' nodes may pass it on to the rest of the audience (default false) */
                        relay?: boolean;
                        source_reliability?: "A" | "B" | "C" | "X";
                        /** @description clear, green, amber, amber+strict or red (or a TLP marking-definition id) */
                        tlp: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the four-eyes rule holds shares at this TLP for a second person's approval */
                            needs_approval: boolean;
                            /** @description every member that would read the object after this share (other than this one), with the policy's reason */
                            readers: {
                                /** @description the sharing policy's reason, in words */
                                explanation: string;
                                member: string;
                                name: string;
                            }[];
                            /** @description why the policy would refuse this share; null when it would accept it */
                            refused: {
                                code: string;
                                id: string;
                                reason: string;
                            } | null;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List my API tokens (or everyone's) */
        get: {
            parameters: {
                query?: {
                    /** @description every user's tokens (needs tokens:manage-all) */
                    all?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            tokens: {
                                created_at: string;
                                expires_at: string | null;
                                id: string;
                                last_used_at: string | null;
                                name: string;
                                owner?: string;
                                revoked_at: string | null;
                                roles: string[];
                                /** @description a device token's TLP ceiling: it fetches device feeds only, up to this level */
                                tlp_ceiling: string | null;
                            }[];
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API token for myself */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description timestamp; omit for a token that does not expire */
                        expires_at?: string;
                        name: string;
                        roles?: ("admin" | "analyst" | "liaison" | "observer")[];
                        /** @description a device token: it may fetch device feeds (/feeds/…) only, up to this TLP */
                        tlp_ceiling?: "clear" | "green" | "amber" | "amber+strict";
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            record: {
                                created_at: string;
                                expires_at: string | null;
                                id: string;
                                last_used_at: string | null;
                                name: string;
                                owner?: string;
                                revoked_at: string | null;
                                roles: string[];
                                /** @description a device token's TLP ceiling: it fetches device feeds only, up to this level */
                                tlp_ceiling: string | null;
                            };
                            /** @description shown once: store it now */
                            token: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token (mine, or anyone's with tokens:manage-all) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 204 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List users */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            users: {
                                created_at: string;
                                disabled: boolean;
                                locked: boolean;
                                roles: string[];
                                sso: boolean;
                                totp: boolean;
                                username: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description omit to have one generated (returned once) */
                        password?: string;
                        roles: ("admin" | "analyst" | "liaison" | "observer")[];
                        username: string;
                    };
                };
            };
            responses: {
                /** @description HTTP 201 */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            password?: string;
                            user: {
                                created_at: string;
                                disabled: boolean;
                                locked: boolean;
                                roles: string[];
                                sso: boolean;
                                totp: boolean;
                                username: string;
                            };
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{username}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change roles or disable/enable a user (ends their sessions) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    username: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        disabled?: boolean;
                        roles?: ("admin" | "analyst" | "liaison" | "observer")[];
                    };
                };
            };
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            disabled: boolean;
                            locked: boolean;
                            roles: string[];
                            sso: boolean;
                            totp: boolean;
                            username: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{username}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset a user's password to a generated one (ends their sessions) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    username: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description the new password, shown once */
                            password: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{username}/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a user's second factor (lost device) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    username: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 204 */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": null;
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{username}/unlock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unlock a locked-out user */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    username: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            disabled: boolean;
                            locked: boolean;
                            roles: string[];
                            sso: boolean;
                            totp: boolean;
                            username: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/feeds/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A saved export for a device to load (Bearer token; ETag and If-None-Match; ?added_after= for what is new) */
        get: {
            parameters: {
                query?: {
                    /** @description only indicators added to this node after this timestamp (the last answer's X-Accord-Date-Added-Last) */
                    added_after?: string;
                };
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/feeds/{name}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One list file a suricata-datasets feed's rules load (same authentication, ETag and added_after) */
        get: {
            parameters: {
                query?: {
                    /** @description only indicators added to this node after this timestamp (the last answer's X-Accord-Date-Added-Last) */
                    added_after?: string;
                };
                header?: never;
                path: {
                    file: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An error (RFC 9457 problem details) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                            store?: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Operational metrics in the Prometheus text format 0.0.4
         * @description Content-Type text/plain; version=0.0.4. See docs/operations.md, "Metrics (Prometheus)".
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: the store answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTTP 200 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                            store?: string;
                        };
                    };
                };
                /** @description An error (RFC 9457 problem details) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Stable error code, e.g. store.version-conflict */
                            code: string;
                            /** @description What went wrong, for people */
                            detail: string;
                            errors?: {
                                location?: string;
                                message: string;
                            }[];
                            /** @description Quote it to the node operator; it is in the logs */
                            request_id: string;
                            status: number;
                            title: string;
                            /** @description urn:accord:error:<code> */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
