# The gateway's image for Kubernetes: unprivileged nginx (uid 101, port 8080) with the account console's files. Its
# configuration comes from the ConfigMap "gateway-config" (base/gateway.conf), mounted over /etc/nginx/conf.d.
#   docker build -f deploy/kubernetes/gateway.Dockerfile -t sessions/gateway:1.0.0-SNAPSHOT .
FROM nginxinc/nginx-unprivileged:1.27-alpine
COPY gateway-config/console /usr/share/nginx/console
